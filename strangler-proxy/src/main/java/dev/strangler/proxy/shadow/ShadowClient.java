package dev.strangler.proxy.shadow;

import dev.strangler.proxy.forward.DiscoveredBackends;
import dev.strangler.proxy.route.BackendDefinition;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Sends copies on the shadow's own HTTP client (its own pool and connect timeout, so copies never take the primary's
 * connections), to a backend's URLs or live instances in round robin. One per event loop.
 */
final class ShadowClient {

  /** One copy on its way: its answer, and a way to give up on it. */
  interface Call {
    Future<Answer> answer();

    /** Fails the answer with {@code reason} (if not in yet) and resets the request. */
    void cancel(String reason);

    static Call of(Future<Answer> answer, java.util.function.Consumer<String> cancel) {
      return new Call() {
        @Override
        public Future<Answer> answer() {
          return answer;
        }

        @Override
        public void cancel(String reason) {
          cancel.accept(reason);
        }
      };
    }
  }

  private final HttpClient client;
  private final DiscoveredBackends discovered;
  private final CandidateBreakers breakers;
  private final Map<String, Integer> next = new HashMap<>();

  ShadowClient(Vertx vertx, ShadowOptions options, DiscoveredBackends discovered, io.vertx.core.net.TrustOptions backendTrust) {
    this.client = vertx.createHttpClient(new HttpClientOptions()
            .setConnectTimeout((int) options.connectTimeout().toMillis())
            .setKeepAlive(true)
            .setTrustOptions(backendTrust),
        new PoolOptions().setHttp1MaxSize(options.poolSize()));
    this.discovered = discovered;
    this.breakers = new CandidateBreakers(vertx, options);
  }

  /** Whether copies to {@code backend} rest now: it refused connections lately ({@link CandidateBreakers}). */
  boolean resting(String backend) {
    return breakers.resting(backend);
  }

  /** The URL a copy to {@code backend} goes to, in round robin; null when it has none. */
  URI pick(String name, BackendDefinition backend) {
    if (backend == null) {
      return null;
    }
    List<URI> urls = backend.service() != null ? discovered.instances(backend.service()) : backend.urls();
    if (urls.isEmpty()) {
      return null;
    }
    int i = next.merge(name, 1, Integer::sum);
    return urls.get(Math.floorMod(i - 1, urls.size()));
  }

  /**
   * Sends {@code body} to {@code url} of {@code backend}, connecting through its breaker; the answer's body is kept up
   * to {@code cap} bytes (past it: an error).
   */
  Call send(String backend, URI url, HttpMethod method, String uri, MultiMap headers, Buffer body, long cap) {
    long start = System.nanoTime();
    Promise<Answer> answer = Promise.promise();
    HttpClientRequest[] sent = new HttpClientRequest[1];
    int port = url.getPort() != -1 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80;
    RequestOptions options = new RequestOptions().setMethod(method).setHost(url.getHost()).setPort(port)
        .setSsl("https".equals(url.getScheme())).setURI(uri).setHeaders(headers);
    breakers.connect(backend, () -> client.request(options))
        .compose(request -> {
          sent[0] = request;
          if (answer.future().isComplete()) { // cancelled while connecting: send nothing
            request.reset();
            return Future.failedFuture("cancelled");
          }
          return request.send(body);
        })
        .onFailure(e -> answer.tryComplete(Answer.failed(0, describe(e), System.nanoTime() - start)))
        .onSuccess(response -> {
          Buffer kept = Buffer.buffer();
          boolean[] over = {false};
          response.handler(chunk -> {
            if (!over[0] && kept.length() + (long) chunk.length() > cap) {
              over[0] = true;
              answer.tryComplete(Answer.failed(response.statusCode(), "body over " + cap + " bytes", System.nanoTime() - start));
              sent[0].reset(); // no use reading the rest
            } else if (!over[0]) {
              kept.appendBuffer(chunk);
            }
          });
          response.exceptionHandler(e -> answer.tryComplete(Answer.failed(response.statusCode(), describe(e),
              System.nanoTime() - start)));
          response.endHandler(v -> answer.tryComplete(Answer.of(response.statusCode(), response.headers(), kept.getBytes(),
              System.nanoTime() - start)));
        });
    return Call.of(answer.future(), reason -> {
      if (answer.tryComplete(Answer.failed(0, reason, System.nanoTime() - start)) && sent[0] != null) {
        sent[0].reset();
      }
    });
  }

  /**
   * A copy sent by {@code send} on {@code context} once {@code ready} completes (either way); cancelled before that,
   * it is never sent.
   */
  static Call after(Future<?> ready, Context context, Supplier<Call> send) {
    Promise<Answer> answer = Promise.promise();
    Call[] sent = new Call[1];
    ready.onComplete(done -> context.runOnContext(v -> {
      if (!answer.future().isComplete()) {
        sent[0] = send.get();
        sent[0].answer().onComplete(a -> answer.tryComplete(a.succeeded() ? a.result()
            : Answer.failed(0, describe(a.cause()), 0)));
      }
    }));
    return Call.of(answer.future(), reason -> {
      if (sent[0] != null) {
        sent[0].cancel(reason);
      } else {
        answer.tryComplete(Answer.failed(0, reason, 0));
      }
    });
  }

  /** A copy that could not be sent. */
  static Call failed(String reason) {
    return Call.of(Future.succeededFuture(Answer.failed(0, reason, 0)), ignored -> {});
  }

  Future<Void> close() {
    return client.close();
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
