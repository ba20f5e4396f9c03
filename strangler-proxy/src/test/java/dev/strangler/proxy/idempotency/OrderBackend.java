package dev.strangler.proxy.idempotency;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake checkout on loopback that counts the writes it performs: each POST creates order n and answers 201 with a
 * {@code Location} and JSON echoing the body and the key it got. It can hold its answers until a test lets them go, or
 * answer another status (503 when failing) instead of writing.
 */
final class OrderBackend {

  private final HttpServer server;
  private final AtomicInteger orders = new AtomicInteger();
  private final AtomicInteger received = new AtomicInteger();
  private final List<String> keys = new CopyOnWriteArrayList<>();
  private volatile Promise<Void> gate;
  private volatile int refusal; // 0: write
  private volatile String refusalBody = "";

  OrderBackend(Vertx vertx) {
    server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      received.incrementAndGet();
      Promise<Void> held = gate;
      (held == null ? io.vertx.core.Future.<Void>succeededFuture() : held.future()).onComplete(v -> {
        if (refusal != 0) {
          req.response().setStatusCode(refusal).end(refusalBody);
          return;
        }
        keys.add(String.valueOf(req.getHeader("Idempotency-Key")));
        int order = orders.incrementAndGet();
        req.response().setStatusCode(201).putHeader("Location", "/orders/" + order)
            .putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("order", order).put("body", body.toString())
                .put("key", req.getHeader("Idempotency-Key")).encode());
      });
    })).listen(0, "127.0.0.1").await();
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** Orders written (POSTs answered 201). */
  int orders() {
    return orders.get();
  }

  /** Requests that reached the backend, written or not. */
  int received() {
    return received.get();
  }

  /** The Idempotency-Key each written order came with ("null" for none). */
  List<String> keys() {
    return keys;
  }

  /** From now on requests wait for {@link #release()}. */
  void hold() {
    gate = Promise.promise();
  }

  void release() {
    Promise<Void> held = gate;
    gate = null;
    held.complete();
  }

  void failing(boolean fail) {
    refusing(fail ? 503 : 0, "checkout is down");
  }

  /** Answers {@code status} with {@code body} instead of writing (0: writes again). */
  void refusing(int status, String body) {
    refusalBody = body;
    refusal = status;
  }
}
