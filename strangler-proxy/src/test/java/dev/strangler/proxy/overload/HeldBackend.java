package dev.strangler.proxy.overload;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend on loopback that holds every request until the test lets them go (or answers at once when told to), and
 * counts what it sees: requests now and the most it ever had at once, as the backend side of a concurrency limit.
 */
final class HeldBackend {

  private final String name;
  private final HttpServer server;
  private final AtomicInteger now = new AtomicInteger();
  private final AtomicInteger most = new AtomicInteger();
  private final AtomicInteger total = new AtomicInteger();
  private final List<Promise<Void>> held = new ArrayList<>();
  private volatile boolean holding = true;

  private HeldBackend(Vertx vertx, String name) {
    this.name = name;
    server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      total.incrementAndGet();
      most.accumulateAndGet(now.incrementAndGet(), Math::max);
      Promise<Void> release = Promise.promise();
      release.future().onComplete(v -> {
        now.decrementAndGet();
        req.response().putHeader("Content-Type", "text/plain").end(name);
      });
      synchronized (held) {
        if (holding) {
          held.add(release);
          return;
        }
      }
      release.complete();
    })).listen(0, "127.0.0.1").await();
  }

  /** Holds every request until {@link #releaseAll()}. */
  static HeldBackend start(Vertx vertx, String name) {
    return new HeldBackend(vertx, name);
  }

  /** Answers every request held, and every later one at once. */
  void releaseAll() {
    List<Promise<Void>> out;
    synchronized (held) {
      holding = false;
      out = new ArrayList<>(held);
      held.clear();
    }
    out.forEach(Promise::tryComplete);
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  String name() {
    return name;
  }

  /** Requests it is holding (or answering) now. */
  int now() {
    return now.get();
  }

  /** The most requests it ever had at once. */
  int most() {
    return most.get();
  }

  int total() {
    return total.get();
  }
}
