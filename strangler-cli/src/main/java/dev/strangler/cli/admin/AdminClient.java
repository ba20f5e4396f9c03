package dev.strangler.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strangler.cli.CliFailure;
import dev.strangler.cli.ExitCodes;
import dev.strangler.cli.ProblemDetail;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import javax.net.ssl.SSLHandshakeException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Calls the proxy's admin API with the bearer token (only ever in the header) and the actor ({@code X-Actor}); an
 * answer that is not 2xx ends the command: 401/403 with {@link ExitCodes#REFUSED}, another 4xx (a refused change)
 * with {@link ExitCodes#REJECTED} showing the problem and every problem it lists, anything else or no answer with
 * {@link ExitCodes#INPUT}.
 */
public final class AdminClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI admin;
    private final String token;
    private final String actor;
    private final Duration timeout;
    private final HttpClient http;

    /** {@code http} is built with the connect timeout and the trust of {@code --admin-ca} ({@link AdminCa}). */
    AdminClient(URI admin, String token, String actor, Duration timeout, HttpClient http) {
        this.admin = admin;
        this.token = token;
        this.actor = actor;
        this.timeout = timeout;
        this.http = http;
    }

    /** A path segment, escaped. */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public JsonNode get(String path) {
        try {
            return send(request(path).GET());
        } catch (AbsentException e) {
            throw e.failure;
        }
    }

    /** GET {@code path}, or empty when it answers {@code absentStatus} (e.g. 404 for a part the proxy has turned off). */
    public Optional<JsonNode> getIfThere(String path, int absentStatus) {
        try {
            return Optional.of(send(request(path).GET()));
        } catch (AbsentException e) {
            if (e.status == absentStatus) {
                return Optional.empty();
            }
            throw e.failure;
        }
    }

    /** A refused read, so {@link #getIfThere} can tell the status. */
    private static final class AbsentException extends RuntimeException {
        final int status;
        final CliFailure failure;

        AbsentException(int status, CliFailure failure) {
            super(failure.getMessage(), null, false, false);
            this.status = status;
            this.failure = failure;
        }
    }

    /** A DELETE without a body (e.g. a reset). */
    public JsonNode delete(String path) {
        return send(request(path).DELETE());
    }

    /** A POST or PUT of {@code body} with its content type and any further headers. */
    public JsonNode send(String method, String path, String contentType, String body, Map<String, String> headers) {
        HttpRequest.Builder builder = request(path).header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(builder::header);
        return send(builder);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(admin.toString().replaceAll("/+$", "") + path))
                .timeout(timeout).header("Authorization", "Bearer " + token).header("Accept", "application/json");
        if (actor != null) {
            builder.header("X-Actor", actor);
        }
        return builder;
    }

    private JsonNode send(HttpRequest.Builder builder) {
        HttpRequest request = builder.build();
        URI uri = request.uri();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (SSLHandshakeException e) {
            throw AdminCa.untrusted(uri, e);
        } catch (IOException e) {
            throw CliFailure.input("cannot reach the admin API at " + uri + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.input("interrupted while asking " + uri);
        }
        int status = response.statusCode();
        String body = response.body();
        if (status / 100 == 2) {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw CliFailure.input("the admin API answered " + uri + " with something that is not JSON: " + e.getMessage());
            }
        }
        String detail = ProblemDetail.of(body.getBytes(StandardCharsets.UTF_8)) + problems(body);
        if (status == 401 || status == 403) {
            throw new CliFailure(ExitCodes.REFUSED, "the admin API refused the token (" + status + ")" + detail);
        }
        if (status / 100 == 4) {
            CliFailure failure = new CliFailure(ExitCodes.REJECTED, "the admin API refused " + request.method() + " "
                    + uri.getPath() + " (" + status + ")" + detail, status);
            throw "GET".equals(request.method()) ? new AbsentException(status, failure) : failure;
        }
        throw CliFailure.input("the admin API answered " + status + " to " + request.method() + " " + uri + detail);
    }

    /** Every problem a refused table lists, one per line. */
    private static String problems(String body) {
        try {
            StringBuilder out = new StringBuilder();
            JSON.readTree(body).path("problems").forEach(p -> out.append(System.lineSeparator()).append("  - ").append(p.asText()));
            return out.toString();
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
