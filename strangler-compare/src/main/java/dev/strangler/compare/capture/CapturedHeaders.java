package dev.strangler.compare.capture;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Header maps of captured messages: names lower-cased and sorted, values kept in order. */
final class CapturedHeaders {

    private CapturedHeaders() {}

    static Map<String, List<String>> normalised(Map<String, List<String>> headers) {
        Map<String, List<String>> copy = new TreeMap<>();
        if (headers != null) {
            headers.forEach((name, values) -> copy.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                    .addAll(values));
        }
        copy.replaceAll((name, values) -> List.copyOf(values));
        return Collections.unmodifiableMap(copy);
    }
}
