package dev.strangler.proxy.edge;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A monolith stand-in on loopback that records every request reaching it and answers with fixed headers. */
final class FakeBackend {

  /** What the backend saw of one request. */
  record Seen(String uri, MultiMap headers) {}

  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  private FakeBackend(Vertx vertx, MultiMap responseHeaders) {
    server = vertx.createHttpServer().requestHandler(req -> {
      seen.add(new Seen(req.uri(), MultiMap.caseInsensitiveMultiMap().addAll(req.headers())));
      req.body().onComplete(ignored -> {
        req.response().headers().addAll(responseHeaders);
        req.response().end("ok");
      });
    }).listen(0, "127.0.0.1").await();
  }

  static FakeBackend start(Vertx vertx) {
    return new FakeBackend(vertx, MultiMap.caseInsensitiveMultiMap());
  }

  static FakeBackend answeringWith(Vertx vertx, MultiMap responseHeaders) {
    return new FakeBackend(vertx, responseHeaders);
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.actualPort());
  }

  List<Seen> requests() {
    return List.copyOf(seen);
  }

  Seen only() {
    if (seen.size() != 1) {
      throw new AssertionError("expected exactly one request at the backend, got " + seen.size());
    }
    return seen.get(0);
  }
}
