package dev.strangler.proxy.security;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A backend on loopback that records every request reaching it and reflects it into a cacheable JSON answer (method,
 * target, every header, body): the kind of backend that turns an unkeyed header into a poisoned cache entry. Like a
 * backend compressing on demand it says {@code Vary: Accept-Encoding} when asked for an encoding; under
 * {@code /set-cookie/} it also sets a session cookie.
 */
final class EchoBackend {

  /** What the backend saw of one request. */
  record Seen(String method, String uri, MultiMap headers, String body) {}

  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  private EchoBackend(Vertx vertx) {
    server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(req.headers());
      seen.add(new Seen(req.method().name(), req.uri(), headers, body.toString()));
      JsonObject reflected = new JsonObject();
      headers.forEach(h -> reflected.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
      if (req.headers().contains("Accept-Encoding")) {
        req.response().putHeader("Vary", "Accept-Encoding");
      }
      if (req.path().contains("/set-cookie/")) {
        req.response().putHeader("Set-Cookie", "SESSION=backend-" + seen.size() + "; Path=/; HttpOnly; SameSite=Lax");
      }
      req.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "public, max-age=60")
          .end(new JsonObject().put("method", req.method().name()).put("uri", req.uri()).put("headers", reflected)
              .put("body", body.toString()).encode());
    })).listen(0, "127.0.0.1").await();
  }

  static EchoBackend start(Vertx vertx) {
    return new EchoBackend(vertx);
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.actualPort());
  }

  int port() {
    return server.actualPort();
  }

  List<Seen> requests() {
    return List.copyOf(seen);
  }

  Seen last() {
    if (seen.isEmpty()) {
      throw new AssertionError("no request reached the backend");
    }
    return seen.get(seen.size() - 1);
  }
}
