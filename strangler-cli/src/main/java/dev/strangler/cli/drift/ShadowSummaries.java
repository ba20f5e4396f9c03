package dev.strangler.cli.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strangler.cli.CliFailure;
import dev.strangler.cli.ExitCodes;
import dev.strangler.cli.ProblemDetail;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import dev.strangler.cli.admin.AdminCa;
import java.net.http.HttpClient;
import javax.net.ssl.SSLHandshakeException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Fetches the proxy's shadow summary of each route ({@code GET <admin>/admin/shadow/{route}}), the response
 * comparisons the drift report shows beside the stores'. The token goes only into the request's header.
 */
final class ShadowSummaries {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI admin;
    private final String token;
    private final Duration timeout;

    private final HttpClient.Builder client;

    /** {@code client} carries {@code --admin-ca}'s trust ({@link AdminCa}). */
    ShadowSummaries(URI admin, String token, Duration timeout, HttpClient.Builder client) {
        this.admin = admin;
        this.token = token;
        this.timeout = timeout;
        this.client = client;
    }

    List<DriftReport.ShadowRoute> fetch(List<String> routes) {
        List<DriftReport.ShadowRoute> out = new ArrayList<>();
        try (HttpClient http = client.connectTimeout(timeout).build()) {
            for (String route : routes) {
                out.add(new DriftReport.ShadowRoute(route, fetch(http, route)));
            }
        }
        return out;
    }

    private JsonNode fetch(HttpClient http, String route) {
        URI uri = URI.create(admin.toString().replaceAll("/+$", "") + "/admin/shadow/"
                + URLEncoder.encode(route, StandardCharsets.UTF_8).replace("+", "%20") + "?limit=5");
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            switch (response.statusCode()) {
                case 200 -> {
                    return JSON.readTree(body);
                }
                case 401, 403 -> throw new CliFailure(ExitCodes.REFUSED, "the admin API refused the token ("
                        + response.statusCode() + ") for " + uri + detail(body));
                case 404 -> throw CliFailure.input("no shadow summary for route '" + route + "' at " + uri + detail(body));
                default -> throw CliFailure.input("the admin API answered " + response.statusCode() + " to " + uri
                        + detail(body));
            }
        } catch (SSLHandshakeException e) {
            throw AdminCa.untrusted(uri, e);
        } catch (IOException e) {
            throw CliFailure.input("cannot reach the admin API at " + uri + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.input("interrupted while asking " + uri);
        }
    }

    private static String detail(String body) {
        return ProblemDetail.of(body.getBytes(StandardCharsets.UTF_8));
    }
}
