package dev.strangler.compare;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** One HTTP response as compared: status, headers (names case-insensitive, several values each) and the body as sent. */
public record Response(int status, Map<String, List<String>> headers, byte[] body) {

    public Response {
        Objects.requireNonNull(headers, "headers == null");
        Objects.requireNonNull(body, "body == null");
        // Header names are compared lower-cased: HTTP/2 sends them so, HTTP/1.1 servers vary.
        Map<String, List<String>> copy = new TreeMap<>();
        headers.forEach((name, values) -> copy.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                .addAll(values));
        copy.replaceAll((name, values) -> List.copyOf(values));
        headers = Collections.unmodifiableMap(copy);
    }

    /** A response with single-valued headers. */
    public static Response of(int status, Map<String, String> headers, byte[] body) {
        Map<String, List<String>> multi = new TreeMap<>();
        headers.forEach((name, value) -> multi.put(name, List.of(value)));
        return new Response(status, multi, body);
    }

    /** Every value of a header, in order; empty when absent. */
    public List<String> headers(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        List<String> values = headers(name);
        return values.isEmpty() ? null : values.getFirst();
    }
}
