package dev.strangler.cli;

import dev.strangler.compare.capture.CaptureLines;
import dev.strangler.compare.capture.CapturedExchange;
import dev.strangler.compare.capture.CapturedRequest;
import dev.strangler.compare.capture.CapturedResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds capture files the way the proxy writes them, with {@link CaptureLines#write}. */
final class Captures {

    static final Instant START = Instant.parse("2026-11-29T06:00:00Z");

    private final List<CapturedExchange> lines = new ArrayList<>();

    /** A safe GET on a route, without a session. */
    Captures get(String route, String uri) {
        return add(route, null, "safe", "GET", uri, Map.of("accept", List.of("application/json")), "", false);
    }

    /** Any line; each is recorded 10 ms after the one before. */
    Captures add(String route, String session, String sideEffect, String method, String uri,
                 Map<String, List<String>> headers, String body, boolean bodyTruncated) {
        CapturedRequest request = new CapturedRequest(method, uri, headers, body.getBytes(StandardCharsets.UTF_8),
                bodyTruncated);
        CapturedResponse response = new CapturedResponse(200, Map.of("content-type", List.of("application/json")),
                "{}".getBytes(StandardCharsets.UTF_8), false, 1.5, "legacy");
        lines.add(new CapturedExchange(START.plusMillis(10L * lines.size()), route, 1, session, sideEffect, request,
                response));
        return this;
    }

    Path write(Path file) {
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(CaptureLines.write(line)).append('\n'));
        try {
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
