package dev.strangler.cli.report;

import java.util.Locale;

/** How figures read in the summary and the HTML report. */
final class Format {

    private Format() {}

    static String percent(Double value) {
        return value == null ? "–" : String.format(Locale.ROOT, "%.1f %%", value);
    }

    static String rate(double rate) {
        return String.format(Locale.ROOT, "%.2f %%", rate * 100);
    }

    static String millis(Double value) {
        return value == null ? "–" : String.format(Locale.ROOT, "%.1f", value);
    }

    static String latency(ReplayReport.Latency latency) {
        return millis(latency.p50()) + " / " + millis(latency.p99());
    }
}
