package dev.strangler.cli.replay;

import dev.strangler.compare.capture.CapturedExchange;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which captured request headers a replay sends again: not the hop-by-hop ones (nor those {@code Connection} names),
 * not {@code Host} or {@code Content-Length} (the client sets them for the target), not the proxy's
 * {@code X-Strangler-*}, not {@code Cookie} (the session's cookie jar sends what the target set) and not a
 * redacted value, which would only send {@code [redacted]}.
 */
final class ReplayHeaders {

    private static final Set<String> DROPPED = Set.of("connection", "keep-alive", "proxy-connection", "te", "trailer",
            "transfer-encoding", "upgrade", "host", "content-length", "expect", "cookie", "proxy-authorization",
            "http2-settings");

    private ReplayHeaders() {}

    /** Name and value pairs to send, in the captured order. */
    static List<Map.Entry<String, String>> forward(Map<String, List<String>> captured) {
        Set<String> named = new HashSet<>();
        captured.getOrDefault("connection", List.of()).forEach(value -> {
            for (String token : value.split(",")) {
                named.add(token.trim().toLowerCase(Locale.ROOT));
            }
        });
        List<Map.Entry<String, String>> out = new ArrayList<>();
        captured.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (DROPPED.contains(lower) || named.contains(lower) || lower.startsWith("x-strangler-")
                    || lower.startsWith(":")) {
                return;
            }
            values.stream()
                    .filter(value -> !value.contains(CapturedExchange.REDACTED))
                    .forEach(value -> out.add(Map.entry(name, value)));
        });
        return out;
    }
}
