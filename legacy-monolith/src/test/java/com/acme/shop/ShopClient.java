package com.acme.shop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A real HTTP client with its own cookie jar, standing in for one browser or curl user.
 * Bodies are sent exactly as given, so tests can send malformed JSON too.
 */
public final class ShopClient {

    private final String base;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;
    private final Map<String, String> headers = new LinkedHashMap<>();

    ShopClient(String base) {
        this.base = base;
        this.http = HttpClient.newBuilder()
                .cookieHandler(cookies)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Sends {@code name: value} with every later request of this client. */
    public ShopClient withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public ShopResponse get(String path) {
        return send("GET", path, null, null);
    }

    public ShopResponse post(String path, String json) {
        return send("POST", path, json, "application/json");
    }

    public ShopResponse put(String path, String json) {
        return send("PUT", path, json, "application/json");
    }

    public ShopResponse delete(String path) {
        return send("DELETE", path, null, null);
    }

    /** Fetches a server-rendered page the way a browser asks for it. */
    public ShopResponse page(String path) {
        return send("GET", path, null, null, "text/html");
    }

    public ShopResponse send(String method, String path, String body, String contentType) {
        return send(method, path, body, contentType, "application/json, application/problem+json");
    }

    private ShopResponse send(String method, String path, String body, String contentType, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", accept)
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new ShopResponse(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The raw value of the SESSION cookie in this client's jar, if any. */
    public Optional<String> sessionCookie() {
        return cookies.getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals("SESSION"))
                .map(HttpCookie::getValue)
                .findFirst();
    }

    /** Logs in as a customer and returns the response. */
    public ShopResponse login(String email, String password) {
        return post("/api/login", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
    }
}
