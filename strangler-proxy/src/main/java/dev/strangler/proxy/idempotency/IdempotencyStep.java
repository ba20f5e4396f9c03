package dev.strangler.proxy.idempotency;

import dev.strangler.proxy.forward.ContextKey;
import dev.strangler.proxy.forward.ProblemResponses;
import dev.strangler.proxy.forward.RouteStep;
import dev.strangler.proxy.idempotency.IdempotencyEvents.Outcome;
import dev.strangler.proxy.idempotency.IdempotencyStore.Claim;
import dev.strangler.proxy.redis.LoopRedis;
import dev.strangler.proxy.route.IdempotencyPolicy;
import dev.strangler.proxy.route.RouteDefinition;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A route's idempotency keys on its unsafe requests ({@link IdempotencyPolicy}). In {@code add} mode a request without
 * a key gets a fresh UUID. In {@code require} mode a request without one gets a 400 problem; a keyed one claims its
 * entry in Redis ({@link IdempotencyStore}) and runs, or is answered by the proxy: with the first request's response
 * ({@value #REPLAYED}: true), 422 when the key came with a different request, 409 while the first is still running.
 * The first request's response is kept unless it is a 5xx or asks for a retry (408, 425, 429): those let the claim go,
 * so a retry runs ({@link #isTheAnswer}). While
 * Redis can't answer, requests on {@code require} routes get a 503: a write must not risk running twice. One per
 * event loop, with its own Redis connection.
 */
public final class IdempotencyStep implements RouteStep {

  /** On a response the proxy answered from a kept one. */
  public static final String REPLAYED = "Idempotent-Replayed";
  /** Longer keys are refused: a key is a unique token (a UUID is 36), not a payload. */
  static final int MAX_KEY_LENGTH = 255;
  private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.TRACE);
  private static final ContextKey<Held> HELD = ContextKey.of("idempotencyClaim", Held.class);
  private static final Logger LOG = LoggerFactory.getLogger(IdempotencyStep.class);
  private static final long WARN_EVERY_NANOS = 10_000_000_000L;

  /** A claim this request holds until its response is kept or it is let go. */
  private static final class Held {
    final String route;
    final String entry;
    final String token;
    final Duration ttl;
    /** The response is decided on: kept, or let go. */
    boolean settled;
    boolean released;

    Held(String route, String entry, String token, Duration ttl) {
      this.route = route;
      this.entry = entry;
      this.token = token;
      this.ttl = ttl;
    }
  }

  /** A claim that timed out is released this often until Redis answers, at most this many times (10 s). */
  private static final Duration LATE_RELEASE_EVERY = Duration.ofMillis(500);
  private static final int LATE_RELEASE_ATTEMPTS = 20;

  private final IdempotencyStore store;
  private final IdempotencyKeys keys;
  private final LoopRedis redis;
  private final Duration lockTtl;
  private final long maxResponseBytes;
  private final String cookieName;
  private final IdempotencyEvents events;
  private long lastWarning = System.nanoTime() - WARN_EVERY_NANOS;

  IdempotencyStep(IdempotencyStore store, IdempotencyKeys keys, LoopRedis redis, Duration lockTtl, long maxResponseBytes,
                  String cookieName, IdempotencyEvents events) {
    this.store = Objects.requireNonNull(store, "store == null");
    this.keys = Objects.requireNonNull(keys, "keys == null");
    this.redis = redis;
    this.lockTtl = Objects.requireNonNull(lockTtl, "lockTtl == null");
    this.maxResponseBytes = maxResponseBytes;
    this.cookieName = Objects.requireNonNull(cookieName, "cookieName == null");
    this.events = Objects.requireNonNull(events, "events == null");
  }

  /** A step of this event loop's own; {@code cookieName} names the session cookie that scopes keys. */
  public static IdempotencyStep create(Vertx vertx, IdempotencyOptions options, String cookieName, IdempotencyEvents events) {
    LoopRedis redis = new LoopRedis(vertx, options.redisUrl(), options.timeout(), LoopRedis.DEFAULT_PAUSE_AFTER_FAILURE);
    return new IdempotencyStep(new IdempotencyStore(redis::send), new IdempotencyKeys(options.keyPrefix()), redis,
        options.lockTtl(), options.maxResponseBytes(), cookieName, events);
  }

  /** A step without a Redis configured: {@code require} routes answer 503, {@code add} routes work as usual. */
  public static IdempotencyStep unavailable(String cookieName, IdempotencyEvents events) {
    return new IdempotencyStep(new IdempotencyStore(request -> Future.failedFuture(new IllegalStateException(
        "no Redis for idempotency keys: set STRANGLER_IDEMPOTENCY_REDIS_URL or STRANGLER_REDIS_URL"))),
        new IdempotencyKeys(""), null, IdempotencyOptions.DEFAULT_LOCK_TTL, 0, cookieName, events);
  }

  @Override
  public Future<ProxyResponse> onRequest(ProxyContext context, Request request) {
    RouteDefinition route = request.decision().match().route();
    IdempotencyPolicy policy = route.options().idempotency();
    ProxyRequest proxied = context.request();
    HttpServerRequest incoming = proxied.proxiedRequest();
    if (policy == null || SAFE.contains(incoming.method())) {
      return Future.succeededFuture();
    }
    String key = proxied.headers().get(policy.header());
    if (policy.mode() == IdempotencyPolicy.Mode.ADD) {
      if (key == null) {
        proxied.headers().set(policy.header(), UUID.randomUUID().toString());
        events.idempotency(route.id(), Outcome.ADDED);
      }
      return Future.succeededFuture();
    }
    if (key == null || key.isBlank() || key.length() > MAX_KEY_LENGTH) {
      events.idempotency(route.id(), Outcome.MISSING);
      return problem(context, 400, "Bad Request", key == null || key.isBlank()
          ? "this route requires an " + policy.header() + " header: a unique value per operation (e.g. a UUID), sent again"
              + " unchanged when the request is retried"
          : "the " + policy.header() + " header is longer than " + MAX_KEY_LENGTH + " characters");
    }
    String entry = keys.entry(route.id(), key, scope(incoming, request.clientAddress()));
    return HeldBody.read(proxied, policy.maxBodyBytes()).transform(body -> {
      if (body.failed()) {
        return body.cause() instanceof HeldBody.TooLarge
            ? problem(context, 413, "Content Too Large", "requests with an " + policy.header() + " on this route may have"
                + " bodies up to " + policy.maxBodyBytes() + " bytes")
            : problem(context, 400, "Bad Request", "the request body could not be read");
      }
      String fingerprint = IdempotencyKeys.fingerprint(incoming.method().name(), incoming.uri(), body.result());
      String token = UUID.randomUUID().toString();
      return store.claim(entry, fingerprint, token, lockTtl).transform(claim -> {
        if (claim.succeeded()) {
          return claimed(context, route.id(), policy, entry, claim.result());
        }
        // A claim that timed out may still land after the 503 (nothing ran): let it go, or every retry would get
        // 409 "in progress" until the lock expired. Only an entry held with this token, still in progress, is removed.
        letGoLate(route.id(), entry, token, LATE_RELEASE_ATTEMPTS);
        return unavailable(context, route.id(), claim.cause());
      });
    });
  }

  @Override
  public void onResponse(ProxyContext context, Request request) {
    Held held = HELD.get(context);
    if (held == null || held.settled) {
      return;
    }
    ProxyResponse response = context.response();
    int status = response.getStatusCode();
    Body body = response.getBody();
    Body source = body != null ? body : Body.body(Buffer.buffer());
    // The claim is let go before the answer ends, as a kept answer is stored first: a client retrying the moment it
    // has its 502 must find the key free, not a 409 "in progress" (Redis down: the end waits for the command timeout).
    if (!isTheAnswer(status)) {
      Future<Void> released = release(held);
      response.setBody(Body.body(new KeepingStream(source.stream(), 0, nothingKept -> released, () -> {}),
          source.length(), source.mediaType()));
      return;
    }
    var headers = StoredAnswer.endToEnd(response.headers());
    held.settled = true; // from here the stream decides: kept, or let go if it fails
    response.setBody(Body.body(new KeepingStream(source.stream(), maxResponseBytes,
        copy -> copy == null ? keepUnreplayable(held, status) : keep(held, new StoredAnswer(status, headers, copy)),
        () -> release(held, true)), source.length(), source.mediaType()));
  }

  /**
   * Whether a response settles its key. Not a 5xx (a timeout, an unreachable backend, a crash: may be gone on a retry),
   * 499 (the client left: unknown), nor a status that asks for the request again later — 408 Request Timeout, 425 Too
   * Early, 429 Too Many Requests —, which kept would answer every retry the same until the key expired. Any other 4xx
   * is the backend's answer to this request and is kept.
   */
  static boolean isTheAnswer(int status) {
    return status < 500 && status != 499 && status != 408 && status != 425 && status != 429;
  }

  public Future<Void> close() {
    return redis == null ? Future.succeededFuture() : redis.close();
  }

  private Future<ProxyResponse> claimed(ProxyContext context, String route, IdempotencyPolicy policy, String entry, Claim claim) {
    return switch (claim) {
      case Claim.Claimed c -> {
        Held held = new Held(route, entry, c.token(), policy.ttl());
        // Every answer from here on passes onResponse (the backend's, a later step's, the proxy's 499/502/504), which
        // keeps it or lets the claim go; the response's own handlers belong to the request's observer.
        HELD.set(context, held);
        yield Future.succeededFuture();
      }
      case Claim.Replay r -> {
        events.idempotency(route, Outcome.REPLAYED);
        yield Future.succeededFuture(replay(context, r.answer()));
      }
      case Claim.InProgress p -> {
        events.idempotency(route, Outcome.CONFLICT);
        yield problem(context, 409, "Conflict", "a request with this " + policy.header() + " is still in progress; retry"
            + " after it has ended").map(response -> response.putHeader("Retry-After", "1"));
      }
      case Claim.Unreplayable u -> {
        events.idempotency(route, Outcome.CONFLICT);
        yield problem(context, 409, "Conflict", "a request with this " + policy.header() + " has already completed, but its"
            + " response was too large to keep; it is not run again");
      }
      case Claim.Mismatch m -> {
        events.idempotency(route, Outcome.MISMATCH);
        yield problem(context, 422, "Unprocessable Content", "this " + policy.header() + " was already used for a different"
            + " request (method, URI or body); use a new key for a new request");
      }
    };
  }

  private ProxyResponse replay(ProxyContext context, StoredAnswer answer) {
    ProxyResponse response = context.request().release().response().setStatusCode(answer.status());
    String contentType = null;
    for (var h : answer.headers()) {
      if (h.getKey().equalsIgnoreCase("Content-Type")) {
        contentType = h.getValue();
      } else {
        response.headers().add(h.getKey(), h.getValue());
      }
    }
    if (contentType != null) {
      response.putHeader("Content-Type", contentType);
    }
    response.putHeader(REPLAYED, "true");
    return answer.status() == 204 || answer.status() == 304 ? response
        : response.setBody(ProblemResponses.bodyKeepingContentType(answer.body()));
  }

  private Future<Boolean> keep(Held held, StoredAnswer answer) {
    return store.complete(held.entry, held.token, answer, held.ttl)
        .onComplete(ar -> stored(held, ar.succeeded() && ar.result(), ar.cause()));
  }

  private Future<Boolean> keepUnreplayable(Held held, int status) {
    return store.completeUnreplayable(held.entry, held.token, status, held.ttl)
        .onComplete(ar -> stored(held, ar.succeeded() && ar.result(), ar.cause()));
  }

  private void stored(Held held, boolean kept, Throwable failure) {
    if (kept) {
      events.idempotency(held.route, Outcome.STORED);
    } else if (failure != null) {
      warn(held.route, failure); // the claim expires with its lock: until then retries get a 409, never a rerun
    }
  }

  /** Releases a claim that may have landed after its timeout, trying again while Redis can't be reached. */
  private void letGoLate(String route, String entry, String token, int attemptsLeft) {
    store.release(entry, token).onFailure(e -> {
      io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
      if (attemptsLeft > 1 && context != null) {
        context.owner().setTimer(LATE_RELEASE_EVERY.toMillis(), id -> letGoLate(route, entry, token, attemptsLeft - 1));
      } else {
        warn(route, e);
      }
    });
  }

  private Future<Void> release(Held held) {
    return release(held, false);
  }

  /**
   * Lets the claim go unless it was settled already; {@code evenIfSettled} for a body that failed while streaming.
   * Completes once Redis has answered (or failed to).
   */
  private Future<Void> release(Held held, boolean evenIfSettled) {
    if (held.released || (held.settled && !evenIfSettled)) {
      return Future.succeededFuture();
    }
    held.settled = true;
    held.released = true;
    events.idempotency(held.route, Outcome.RELEASED);
    return store.release(held.entry, held.token).onFailure(e -> warn(held.route, e));
  }

  private Future<ProxyResponse> unavailable(ProxyContext context, String route, Throwable cause) {
    events.idempotency(route, Outcome.UNAVAILABLE);
    warn(route, cause);
    return problem(context, 503, "Service Unavailable", "idempotency keys can't be checked right now (their store did not"
        + " answer), and this route does not run a keyed write unchecked; retry shortly with the same key")
        .map(response -> response.putHeader("Retry-After", "1"));
  }

  private void warn(String route, Throwable cause) {
    long now = System.nanoTime();
    if (now - lastWarning >= WARN_EVERY_NANOS) {
      lastWarning = now;
      LOG.warn("idempotency store unreachable: keyed requests on require routes get 503 (route {}): {}", route, cause.toString());
    }
  }

  /** Whose key it is: the session (its cookie) when there is one, else the client address; never stored as such. */
  private String scope(HttpServerRequest incoming, String clientAddress) {
    Cookie session = incoming.getCookie(cookieName);
    return session != null && !session.getValue().isEmpty() ? "session:" + session.getValue() : "client:" + clientAddress;
  }

  private static Future<ProxyResponse> problem(ProxyContext context, int status, String title, String detail) {
    return Future.succeededFuture(ProblemResponses.fill(context.request().release().response(), status, title, detail));
  }
}
