package dev.strangler.proxy.forward;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** A fake backend on loopback that answers with its own name and what it received. */
final class NamedBackend {

  private final HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();

  private NamedBackend(Vertx vertx, String name, Duration delay) {
    server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      requests.incrementAndGet();
      JsonObject echo = new JsonObject().put("backend", name).put("uri", req.uri()).put("host", req.getHeader("Host"))
          .put("added", req.getHeader("X-From")).put("debug", req.getHeader("X-Debug")).put("body", body.toString());
      Runnable answer = () -> req.response().putHeader("Content-Type", "application/json")
          .putHeader("Server", "fake/1.0").end(echo.encode());
      if (delay.isZero()) {
        answer.run();
      } else {
        vertx.setTimer(delay.toMillis(), id -> answer.run());
      }
    })).listen(0, "127.0.0.1").await();
  }

  static NamedBackend start(Vertx vertx, String name) {
    return new NamedBackend(vertx, name, Duration.ZERO);
  }

  static NamedBackend slow(Vertx vertx, String name, Duration delay) {
    return new NamedBackend(vertx, name, delay);
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  int requests() {
    return requests.get();
  }
}
