package dev.strangler.cli.playbook;

import java.util.Locale;

/** A gate figure as people read it: rates in percent, latencies in ms, counts as counts. */
final class GateText {

    private GateText() {}

    static String value(String limit, Double value) {
        if (value == null) {
            return "-";
        }
        if (limit.endsWith("Rate") || limit.endsWith("RateDelta")) {
            return String.format(Locale.ROOT, "%.2f%%", value * 100);
        }
        if (limit.endsWith("Millis")) {
            return String.format(Locale.ROOT, "%.1fms", value);
        }
        return String.format(Locale.ROOT, "%.0f", value);
    }
}
