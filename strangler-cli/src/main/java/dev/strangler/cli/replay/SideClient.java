package dev.strangler.cli.replay;

import dev.strangler.compare.Response;
import dev.strangler.compare.capture.CapturedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Sends one captured request to one side (a base URL) with a session's cookie jar, and gives back the answer as
 * sent: the JDK client does not undo Content-Encoding, the comparison does. Thread-safe.
 */
final class SideClient {

    static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";
    private static final Pattern TRAILING_SLASHES = Pattern.compile("/+$");
    /** The most a byte array can hold. */
    private static final long MAX_READ = Integer.MAX_VALUE - 8;

    private final HttpClient http;
    private final Duration timeout;
    private final List<ReplayOptions.SandboxHeader> extraHeaders;

    SideClient(HttpClient http, Duration timeout, List<ReplayOptions.SandboxHeader> extraHeaders) {
        this.http = http;
        this.timeout = timeout;
        this.extraHeaders = List.copyOf(extraHeaders);
    }

    /** An answer and how long it took. */
    record Timed(Response response, double millis) {}

    /**
     * Sends the request and reads at most {@code maxBodyBytes + 1} bytes of the answer's body: a longer one is over
     * the comparison's cap anyway, and holding it whole would make memory grow with the largest answer.
     */
    Timed send(URI base, CapturedRequest request, CookieManager jar, long maxBodyBytes)
            throws IOException, InterruptedException {
        return send(base, request, jar, maxBodyBytes, null);
    }

    /** As {@link #send(URI, CapturedRequest, CookieManager, long)}, with {@code idempotencyKey} (when not null) in place of any captured one. */
    Timed send(URI base, CapturedRequest request, CookieManager jar, long maxBodyBytes, String idempotencyKey)
            throws IOException, InterruptedException {
        URI uri = target(base, request.uri());
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout)
                .method(request.method(), request.body().length == 0
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        ReplayHeaders.forward(request.headers()).stream()
                .filter(h -> idempotencyKey == null || !h.getKey().equalsIgnoreCase(ReplayKeys.HEADER))
                .forEach(h -> builder.header(h.getKey(), h.getValue()));
        if (idempotencyKey != null) {
            builder.header(ReplayKeys.HEADER, idempotencyKey);
        }
        extraHeaders.forEach(h -> builder.header(h.name(), h.value()));
        jar.get(uri, Map.of()).forEach((name, values) -> values.forEach(v -> builder.header(name, v)));
        long start = System.nanoTime();
        HttpResponse<InputStream> answer = http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        byte[] body;
        try (InputStream in = answer.body()) {
            body = in.readNBytes((int) Math.min(MAX_READ, maxBodyBytes + 1));
        }
        double millis = (System.nanoTime() - start) / 1e6;
        jar.put(uri, answer.headers().map());
        Map<String, List<String>> headers = new TreeMap<>(answer.headers().map());
        // The proxy's mark of an answer kept for an idempotency key (a retry, a resumed replay): how the answer was
        // delivered, not how the side behaves, so never a difference.
        headers.keySet().removeIf(name -> name.startsWith(":") || name.equalsIgnoreCase(IDEMPOTENT_REPLAYED));
        return new Timed(new Response(answer.statusCode(), headers, body), millis);
    }

    /** The base URL's scheme, authority and path prefix, then the captured path and query. */
    static URI target(URI base, String requestUri) {
        String prefix = TRAILING_SLASHES.matcher(base.toString()).replaceAll("");
        String path = requestUri.startsWith("/") ? requestUri : "/" + requestUri;
        return URI.create(prefix + path);
    }
}
