package dev.strangler.proxy;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A fake backend on loopback whose answer a test scripts; by default 200 JSON naming the path, the Accept-Language it
 * got and the Host; it counts the requests it serves.
 */
public final class ScriptedBackend {

  private final HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();
  private volatile Consumer<HttpServerRequest> answer = ScriptedBackend::json;

  private ScriptedBackend(Vertx vertx) {
    server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      requests.incrementAndGet();
      answer.accept(req);
    })).listen(0, "127.0.0.1").await();
  }

  public static ScriptedBackend start(Vertx vertx) {
    return new ScriptedBackend(vertx);
  }

  /** From now on, {@code answer} answers each request. */
  public void answer(Consumer<HttpServerRequest> answer) {
    this.answer = answer;
  }

  public String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  public int requests() {
    return requests.get();
  }

  private static void json(HttpServerRequest req) {
    req.response().putHeader("Content-Type", "application/json; charset=utf-8")
        .end(new JsonObject().put("uri", req.uri()).put("language", req.getHeader("Accept-Language"))
            .put("host", req.getHeader("Host")).encode());
  }
}
