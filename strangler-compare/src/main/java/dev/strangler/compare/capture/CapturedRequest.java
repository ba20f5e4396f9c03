package dev.strangler.compare.capture;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A recorded request as the proxy received it, secrets already redacted.
 *
 * @param method        the HTTP method
 * @param uri           path and query as the client sent them (before any route rewrite)
 * @param headers       header names lower-cased, each with its values in order
 * @param body          the body bytes as sent (empty when none); the first {@code maxBodyBytes} when truncated
 * @param bodyTruncated true when the body was longer than the capture cap: such a request can't be replayed
 */
public record CapturedRequest(String method, String uri, Map<String, List<String>> headers, byte[] body,
                              boolean bodyTruncated) {

    public CapturedRequest {
        Objects.requireNonNull(method, "method == null");
        Objects.requireNonNull(uri, "uri == null");
        headers = CapturedHeaders.normalised(headers);
        body = body == null ? new byte[0] : body;
    }
}
