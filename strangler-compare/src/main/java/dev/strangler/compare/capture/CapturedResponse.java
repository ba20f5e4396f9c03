package dev.strangler.compare.capture;

import dev.strangler.compare.Response;
import java.util.List;
import java.util.Map;

/**
 * A recorded response as the client got it, secrets already redacted.
 *
 * @param status        the status code
 * @param headers       header names lower-cased, each with its values in order
 * @param body          the body bytes as sent, still in their Content-Encoding (empty when none)
 * @param bodyTruncated true when the body was longer than the capture cap (then only its first bytes are kept)
 * @param latencyMs     from the request's arrival at the proxy to the response's end, in milliseconds
 * @param servedBy      the backend that answered ({@code legacy}, an extracted backend's name, or {@code proxy})
 */
public record CapturedResponse(int status, Map<String, List<String>> headers, byte[] body, boolean bodyTruncated,
                               double latencyMs, String servedBy) {

    public CapturedResponse {
        headers = CapturedHeaders.normalised(headers);
        body = body == null ? new byte[0] : body;
    }

    /** As the comparison engine takes it. */
    public Response toResponse() {
        return new Response(status, headers, body);
    }
}
