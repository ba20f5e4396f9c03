package dev.strangler.proxy.shadow;

import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * A fake backend on loopback for one side of a shadow route: records every request it got (headers, body size and
 * text), answers JSON made by a function of the request number, and can hold its answers until the test releases them,
 * counting how many requests it holds at once.
 */
final class FakeSide {

  /** One request as received. */
  record Received(String method, String uri, MultiMap headers, long bodyBytes, String body) {
    String header(String name) {
      return headers.get(name);
    }
  }

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger maxOpen = new AtomicInteger();
  private final AtomicReference<Promise<Void>> gate = new AtomicReference<>();
  private volatile Function<Integer, String> answer = n -> "{\"n\":1}";

  private FakeSide(Vertx vertx, int port) {
    server = vertx.createHttpServer().requestHandler(req -> {
      java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
      int now = open.incrementAndGet();
      maxOpen.accumulateAndGet(now, Math::max);
      long[] size = {0};
      Buffer text = Buffer.buffer();
      req.handler(chunk -> {
        size[0] += chunk.length();
        if (text.length() < 64 * 1024) {
          text.appendBuffer(chunk); // enough to check a body; large bodies are only counted
        }
      });
      req.exceptionHandler(e -> close(closed));
      req.endHandler(v -> {
        received.add(new Received(req.method().name(), req.uri(), MultiMap.caseInsensitiveMultiMap().addAll(req.headers()),
            size[0], text.toString()));
        int n = received.size();
        Promise<Void> held = gate.get();
        (held == null ? io.vertx.core.Future.<Void>succeededFuture() : held.future()).onComplete(x -> {
          if (close(closed)) {
            req.response().putHeader("Content-Type", "application/json").end(answer.apply(n));
          }
        });
      });
    }).listen(port, "127.0.0.1").await();
  }

  static FakeSide start(Vertx vertx) {
    return new FakeSide(vertx, 0);
  }

  /** On {@code port}: a backend that comes back where it was. */
  static FakeSide start(Vertx vertx, int port) {
    return new FakeSide(vertx, port);
  }

  /** Counts a request as no longer open, once; false when it already was (reset by the proxy). */
  private boolean close(java.util.concurrent.atomic.AtomicBoolean closed) {
    if (closed.compareAndSet(false, true)) {
      open.decrementAndGet();
      return true;
    }
    return false;
  }

  /** Answers with {@code json(n)} for the n-th request (from 1). */
  FakeSide answering(Function<Integer, String> json) {
    this.answer = json;
    return this;
  }

  /** From now on, answers wait for {@link #release()}. */
  FakeSide hold() {
    gate.set(Promise.promise());
    return this;
  }

  /** Lets every held answer go, and answers at once from now on. */
  void release() {
    Promise<Void> held = gate.getAndSet(null);
    if (held != null) {
      held.tryComplete();
    }
  }

  int port() {
    return server.actualPort();
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  List<Received> received() {
    return received;
  }

  /** Requests whose body has arrived and whose answer is held now. */
  int open() {
    return open.get();
  }

  int maxOpen() {
    return maxOpen.get();
  }
}
