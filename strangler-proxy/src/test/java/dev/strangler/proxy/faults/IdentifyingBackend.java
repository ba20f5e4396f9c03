package dev.strangler.proxy.faults;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on loopback answering {@code GET /api/items/<id>?size=<n>} with its {@link Answer}: the id echoed
 * in a header and the body's SHA-256 beside it. It can be stopped and started again on the same port.
 */
final class IdentifyingBackend {

  private final Vertx vertx;
  private final String side;
  private final AtomicInteger served = new AtomicInteger();
  private int port;
  private HttpServer server;

  private IdentifyingBackend(Vertx vertx, String side) {
    this.vertx = vertx;
    this.side = side;
  }

  static IdentifyingBackend start(Vertx vertx, String side) {
    IdentifyingBackend backend = new IdentifyingBackend(vertx, side);
    backend.listen(0);
    return backend;
  }

  int port() {
    return port;
  }

  int served() {
    return served.get();
  }

  /** Closes the server and every connection it has, as when the service's process ends. */
  void stop() {
    server.close().await();
  }

  /** Listens again on the same port. */
  void restart() {
    listen(port);
  }

  private void listen(int on) {
    server = vertx.createHttpServer().requestHandler(req -> {
      String id = req.path().substring(req.path().lastIndexOf('/') + 1);
      byte[] body = Answer.body(side, id, Integer.parseInt(req.getParam("size")));
      served.incrementAndGet();
      req.response().putHeader(Answer.ID_HEADER, id).putHeader(Answer.SHA256_HEADER, Answer.sha256(body))
          .end(Buffer.buffer(body));
    }).listen(on, "127.0.0.1").await();
    port = server.actualPort();
  }
}
