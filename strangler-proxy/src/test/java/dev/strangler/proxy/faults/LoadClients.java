package dev.strangler.proxy.faults;

import dev.strangler.proxy.forward.DebugHeaders;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Clients that each keep one keep-alive connection to the proxy and issue GETs back to back, checking every answer: the
 * id it echoes is the request's own, its length and SHA-256 match and its body is the one its side writes for that id;
 * and no answer ever arrives over a connection on which an earlier request failed.
 */
final class LoadClients {

  private static final int IDLE_TIMEOUT_MILLIS = 10_000;

  private final Vertx vertx;
  private final int proxyPort;
  private final List<HttpClient> clients = new ArrayList<>();
  /** Connections that carried a failed request: nothing may ever be answered over them again. */
  private final Set<HttpConnection> failedConnections = ConcurrentHashMap.newKeySet();

  LoadClients(Vertx vertx, int proxyPort, int count) {
    this.vertx = vertx;
    this.proxyPort = proxyPort;
    for (int i = 0; i < count; i++) {
      clients.add(vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(1)));
    }
  }

  /** Every client issues GETs for {@code duration} with bodies of {@code minSize}..{@code maxSize} bytes; then the figures. */
  PhaseFigures run(String phase, Duration duration, int minSize, int maxSize) {
    Tally tally = new Tally();
    long deadline = System.nanoTime() + duration.toNanos();
    List<Future<Void>> loops = new ArrayList<>();
    for (int i = 0; i < clients.size(); i++) {
      Promise<Void> done = Promise.promise();
      int client = i;
      vertx.getOrCreateContext().runOnContext(v -> loop(phase, client, 0, deadline, minSize, maxSize, tally, done));
      loops.add(done.future());
    }
    Future.all(loops).await();
    return tally.figures(phase);
  }

  private void loop(String phase, int client, int seq, long deadline, int minSize, int maxSize, Tally tally, Promise<Void> done) {
    if (System.nanoTime() >= deadline) {
      done.complete();
      return;
    }
    String id = phase + "-c" + client + "-" + seq;
    int size = ThreadLocalRandom.current().nextInt(minSize, maxSize + 1);
    long start = System.nanoTime();
    HttpConnection[] connection = new HttpConnection[1];
    clients.get(client).request(new RequestOptions().setHost("127.0.0.1").setPort(proxyPort)
            .setURI("/api/items/" + id + "?size=" + size).setIdleTimeout(IDLE_TIMEOUT_MILLIS))
        .compose(req -> {
          connection[0] = req.connection();
          return req.send();
        })
        .compose(resp -> resp.body().map(body -> {
          if (failedConnections.contains(connection[0])) {
            tally.violation(id + " answered over a connection on which a request had failed");
          }
          if (resp.statusCode() / 100 != 2) {
            tally.failure("status " + resp.statusCode());
            return null;
          }
          check(id, size, resp.getHeader(Answer.ID_HEADER), resp.getHeader(Answer.SHA256_HEADER),
              resp.getHeader(DebugHeaders.BACKEND), body.getBytes(), tally);
          return null;
        }))
        .onComplete(ar -> {
          tally.latency(System.nanoTime() - start);
          if (ar.failed()) {
            if (connection[0] != null) {
              failedConnections.add(connection[0]);
            }
            tally.failure(ar.cause().getClass().getSimpleName() + ": " + ar.cause().getMessage());
          }
          loop(phase, client, seq + 1, deadline, minSize, maxSize, tally, done);
        });
  }

  private static void check(String id, int size, String echoed, String sha256, String backend, byte[] body, Tally tally) {
    String side = Answer.side(body);
    if (!id.equals(echoed)) {
      tally.violation(id + " got the answer to " + echoed);
    } else if (body.length != size) {
      tally.violation(id + " got " + body.length + " of " + size + " bytes");
    } else if (!Answer.sha256(body).equals(sha256)) {
      tally.violation(id + " got a body whose SHA-256 is not the one its side sent");
    } else if (side == null || !side.equals(backend) || !java.util.Arrays.equals(body, Answer.body(side, id, size))) {
      tally.violation(id + " got a body that is not " + backend + "'s answer to it");
    } else {
      tally.served(side);
    }
  }

  void close() {
    clients.forEach(c -> c.close().await());
  }

  /** One phase's counts, filled from the clients' event loops. */
  private static final class Tally {
    private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Integer> servedBy = Collections.synchronizedMap(new TreeMap<>());

    void latency(long nanos) {
      latencies.add(nanos);
    }

    void failure(String what) {
      failures.add(what);
    }

    void violation(String what) {
      violations.add(what);
    }

    void served(String side) {
      servedBy.merge(side, 1, Integer::sum);
    }

    PhaseFigures figures(String phase) {
      List<Long> sorted = new ArrayList<>(latencies);
      Collections.sort(sorted);
      return new PhaseFigures(phase, sorted.size(), List.copyOf(failures), List.copyOf(violations), Map.copyOf(servedBy),
          percentile(sorted, 0.50), percentile(sorted, 0.99), percentile(sorted, 1.0), 0);
    }

    private static long percentile(List<Long> sorted, double p) {
      if (sorted.isEmpty()) {
        return 0;
      }
      int index = (int) Math.ceil(p * sorted.size()) - 1;
      return Duration.ofNanos(sorted.get(Math.max(0, index))).toMillis();
    }
  }
}
