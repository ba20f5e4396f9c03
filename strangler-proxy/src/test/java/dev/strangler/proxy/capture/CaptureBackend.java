package dev.strangler.proxy.capture;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.BiConsumer;

/** A fake backend on loopback whose answer to each request (and its body) a test scripts; by default 200 {"ok":true}. */
final class CaptureBackend {

  private final HttpServer server;
  private volatile BiConsumer<HttpServerRequest, Buffer> answer = (req, body) ->
      req.response().putHeader("Content-Type", "application/json").end("{\"ok\":true}");

  private CaptureBackend(Vertx vertx) {
    server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> answer.accept(req, body)))
        .listen(0, "127.0.0.1").await();
  }

  static CaptureBackend start(Vertx vertx) {
    return new CaptureBackend(vertx);
  }

  void answer(BiConsumer<HttpServerRequest, Buffer> answer) {
    this.answer = answer;
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }
}
