package dev.strangler.proxy.session;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A backend on loopback that answers 200 with its name and records the headers of every request it gets. */
final class RecordingBackend {

  private final String name;
  private final HttpServer server;
  private final List<MultiMap> seen = new CopyOnWriteArrayList<>();

  private RecordingBackend(Vertx vertx, String name) {
    this.name = name;
    this.server = vertx.createHttpServer().requestHandler(req -> req.body().onComplete(ignored -> {
      seen.add(MultiMap.caseInsensitiveMultiMap().addAll(req.headers()));
      req.response().putHeader("Content-Type", "text/plain").end(name);
    })).listen(0, "127.0.0.1").await();
  }

  static RecordingBackend start(Vertx vertx, String name) {
    return new RecordingBackend(vertx, name);
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  int requests() {
    return seen.size();
  }

  /** The headers of the latest request. */
  MultiMap last() {
    if (seen.isEmpty()) {
      throw new AssertionError(name + " got no request");
    }
    return seen.get(seen.size() - 1);
  }
}
