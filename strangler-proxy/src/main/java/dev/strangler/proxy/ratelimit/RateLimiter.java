package dev.strangler.proxy.ratelimit;

import dev.strangler.proxy.forward.ContextKey;
import dev.strangler.proxy.forward.ProblemResponses;
import dev.strangler.proxy.forward.RouteStep;
import dev.strangler.proxy.redis.LoopRedis;
import dev.strangler.proxy.route.RateLimitPolicy;
import dev.strangler.proxy.route.RouteDefinition;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyResponse;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A route's rate limit, counted in Redis for the whole fleet ({@link Gcra}). A refused request gets a 429 problem with
 * {@code Retry-After}; every counted answer carries {@code RateLimit-Limit}, {@code -Remaining} and {@code -Reset}.
 * While Redis can't answer (within the timeout), the route's {@code onRedisDown} decides: through, or a 503 problem.
 * One per event loop, with its own Redis connection.
 */
public final class RateLimiter implements RouteStep {

  static final String LIMIT = "RateLimit-Limit";
  static final String REMAINING = "RateLimit-Remaining";
  static final String RESET = "RateLimit-Reset";
  private static final ContextKey<Gcra.Verdict> VERDICT = ContextKey.of("rateLimitVerdict", Gcra.Verdict.class);
  private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);
  private static final long WARN_EVERY_NANOS = 10_000_000_000L;

  private final java.util.function.Function<io.vertx.redis.client.Request, Future<io.vertx.redis.client.Response>> send;
  private final LoopRedis redis;
  private final LimitKeys keys;
  private final RateLimitEvents events;
  private long lastWarning = System.nanoTime() - WARN_EVERY_NANOS;

  RateLimiter(LoopRedis redis, LimitKeys keys, RateLimitEvents events) {
    this.redis = Objects.requireNonNull(redis, "redis == null");
    this.send = redis::send;
    this.keys = Objects.requireNonNull(keys, "keys == null");
    this.events = Objects.requireNonNull(events, "events == null");
  }

  /** A limiter of this event loop's own. */
  public static RateLimiter create(Vertx vertx, RateLimitOptions options, RateLimitEvents events) {
    return new RateLimiter(new LoopRedis(vertx, options.redisUrl(), options.timeout(), LoopRedis.DEFAULT_PAUSE_AFTER_FAILURE),
        new LimitKeys(options.keyPrefix()), events);
  }

  private RateLimiter(LimitKeys keys, RateLimitEvents events) {
    this.redis = null;
    this.send = request -> Future.failedFuture(new IllegalStateException(
        "no Redis for rate limits: set STRANGLER_RATE_LIMIT_REDIS_URL or STRANGLER_REDIS_URL"));
    this.keys = keys;
    this.events = Objects.requireNonNull(events, "events == null");
  }

  /** A limiter without a Redis configured: limited routes act as while Redis is down (their onRedisDown). */
  public static RateLimiter unavailable(RateLimitEvents events) {
    return new RateLimiter(new LimitKeys(""), events);
  }

  @Override
  public Future<ProxyResponse> onRequest(ProxyContext context, Request request) {
    RouteDefinition route = request.decision().match().route();
    RateLimitPolicy policy = route.options().rateLimit();
    if (policy == null) {
      return Future.succeededFuture();
    }
    return keys.of(route.id(), policy.key(), context.request().proxiedRequest(), request)
        .compose(key -> Gcra.check(send, key, policy))
        .transform(ar -> {
          if (ar.failed()) {
            return Future.succeededFuture(redisDown(context, route.id(), policy, ar.cause()));
          }
          Gcra.Verdict verdict = ar.result();
          VERDICT.set(context, verdict);
          if (verdict.allowed()) {
            events.allowed(route.id());
            return Future.succeededFuture();
          }
          events.limited(route.id());
          return Future.succeededFuture(tooMany(context, policy, verdict));
        });
  }

  @Override
  public void onResponse(ProxyContext context, Request request) {
    Gcra.Verdict verdict = VERDICT.get(context);
    RateLimitPolicy policy = request.decision().match().route().options().rateLimit();
    if (verdict != null && policy != null) {
      context.response().putHeader(LIMIT, String.valueOf(policy.burst()))
          .putHeader(REMAINING, String.valueOf(verdict.remaining()))
          .putHeader(RESET, String.valueOf(seconds(verdict.resetMicros())));
    }
  }

  public Future<Void> close() {
    return redis == null ? Future.succeededFuture() : redis.close();
  }

  private ProxyResponse tooMany(ProxyContext context, RateLimitPolicy policy, Gcra.Verdict verdict) {
    long retryAfter = Math.max(1, seconds(verdict.retryAfterMicros()));
    ProxyResponse response = ProblemResponses.fill(context.request().release().response(), 429, "Too Many Requests",
        "this route accepts " + policy.rate().render() + " (bursts of " + policy.burst() + ") per " + who(policy.key())
            + "; retry after " + retryAfter + " s");
    return response.putHeader("Retry-After", String.valueOf(retryAfter));
  }

  private ProxyResponse redisDown(ProxyContext context, String route, RateLimitPolicy policy, Throwable cause) {
    boolean open = policy.onRedisDown() == RateLimitPolicy.OnRedisDown.OPEN;
    events.redisError(route, open);
    long now = System.nanoTime();
    if (now - lastWarning >= WARN_EVERY_NANOS) {
      lastWarning = now;
      LOG.warn("rate limit store unreachable: limited routes fail {} (route {}): {}", open ? "open" : "closed", route,
          cause.toString());
    }
    if (open) {
      return null;
    }
    return ProblemResponses.fill(context.request().release().response(), 503, "Service Unavailable",
        "rate limits can't be checked right now (the rate limit store did not answer); try again shortly")
        .putHeader("Retry-After", "1");
  }

  private static String who(RateLimitPolicy.Key key) {
    return switch (key.kind()) {
      case IP -> "client address";
      case HEADER -> key.header() + " value (else client address)";
      case USER -> "logged-in user (else client address)";
    };
  }

  /** Whole seconds, rounded up: a client that waits this long is never early. */
  private static long seconds(long micros) {
    return (micros + 999_999) / 1_000_000;
  }
}
