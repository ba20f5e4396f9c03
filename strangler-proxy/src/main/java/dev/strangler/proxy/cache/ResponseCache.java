package dev.strangler.proxy.cache;

import dev.strangler.proxy.forward.ContextKey;
import dev.strangler.proxy.forward.RouteStep;
import dev.strangler.proxy.redis.LoopRedis;
import dev.strangler.proxy.route.CachePolicy;
import dev.strangler.proxy.route.RouteDefinition;
import dev.strangler.proxy.route.TagTemplate;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A route's response cache, in Redis for the whole fleet: a GET or HEAD is answered from it when an answer is kept
 * under its key ({@link CacheKey}), with an {@code Age} (a 304 when the client's conditions say it holds that answer:
 * {@link Revalidation}); else the backend's answer streams to the client and is kept
 * when {@link Cacheability} allows and its body is within the cap. Requests with credentials bypass it unless the route
 * is user-scoped, and so does every request while Redis doesn't answer within the timeout. One per event loop, with
 * its own Redis connection.
 */
public final class ResponseCache implements RouteStep {

  /** Debug header: {@code hit}, {@code miss} or {@code bypass}, on cached routes when debug headers are on. */
  public static final String DEBUG_HEADER = "X-Strangler-Cache";
  private static final ContextKey<State> STATE = ContextKey.of("cache", State.class);
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ResponseCache.class);
  /** One warning per event loop per this long while Redis can't answer, not one per request. */
  private static final long WARN_EVERY_NANOS = 10_000_000_000L;

  /** What the cache did for one request; on a miss, what keeping the answer needs. */
  private record State(CacheEvents.Outcome outcome, String route, CachePolicy policy, String hash, long lookedUpAt,
                       List<String> tags, boolean head, boolean oneUser) {}

  private final CacheStore store;
  private final LoopRedis redis;
  private final long maxBodyBytes;
  private final boolean debugHeaders;
  private final CacheEvents events;
  private long lastWarning = System.nanoTime() - WARN_EVERY_NANOS;

  ResponseCache(CacheStore store, LoopRedis redis, long maxBodyBytes, boolean debugHeaders, CacheEvents events) {
    this.store = Objects.requireNonNull(store, "store == null");
    this.redis = redis;
    this.maxBodyBytes = maxBodyBytes;
    this.debugHeaders = debugHeaders;
    this.events = Objects.requireNonNull(events, "events == null");
  }

  /** A cache of this event loop's own. */
  public static ResponseCache create(Vertx vertx, CacheOptions options, boolean debugHeaders, CacheEvents events) {
    LoopRedis redis = new LoopRedis(vertx, options.redisUrl(), options.timeout(), LoopRedis.DEFAULT_PAUSE_AFTER_FAILURE);
    return new ResponseCache(new CacheStore(redis::send, new CacheKeys(options.keyPrefix())), redis, options.maxBodyBytes(),
        debugHeaders, events);
  }

  /** A cache without a Redis configured: cached routes are bypassed (and say so in the metrics and debug header). */
  public static ResponseCache unavailable(boolean debugHeaders, CacheEvents events) {
    return new ResponseCache(new CacheStore(request -> Future.failedFuture(new IllegalStateException(
        "no Redis for the response cache: set STRANGLER_CACHE_REDIS_URL or STRANGLER_REDIS_URL")), new CacheKeys("")),
        null, 0, debugHeaders, events);
  }

  @Override
  public Future<ProxyResponse> onRequest(ProxyContext context, Request request) {
    RouteDefinition route = request.decision().match().route();
    CachePolicy policy = route.options().cache();
    if (policy == null) {
      return Future.succeededFuture();
    }
    HttpServerRequest incoming = context.request().proxiedRequest();
    if (!cacheable(context, incoming) || (request.session().hasCookie() && !policy.userScoped())) {
      return bypass(context, route.id(), policy);
    }
    Future<String> user = !policy.userScoped() ? Future.succeededFuture()
        : request.session().hasCookie() ? request.session().userId() : Future.succeededFuture(CacheKey.ANONYMOUS);
    return user.transform(who -> {
      if (policy.userScoped() && (who.failed() || who.result() == null)) {
        return bypass(context, route.id(), policy); // a session without a verified user: its answers may be its own
      }
      int q = incoming.uri().indexOf('?');
      String hash = CacheKey.of(route.id(), request.decision().backend(), incoming.method().name(),
          incoming.authority() == null ? null : incoming.authority().toString(), request.path(),
          q < 0 ? null : incoming.uri().substring(q + 1), policy.vary(), h -> joined(incoming, h), who.result());
      return store.lookup(hash).transform(found -> {
        if (found.failed()) {
          warn(found.cause());
          return bypass(context, route.id(), policy);
        }
        CacheStore.Lookup lookup = found.result();
        boolean head = incoming.method() == HttpMethod.HEAD;
        if (lookup.entry() == null) {
          boolean oneUser = who.result() != null && !CacheKey.ANONYMOUS.equals(who.result());
          STATE.set(context, new State(CacheEvents.Outcome.MISS, route.id(), policy, hash, lookup.at(),
              tags(policy, request.decision().match().pathParams()), head, oneUser));
          events.served(route.id(), CacheEvents.Outcome.MISS);
          return Future.succeededFuture();
        }
        STATE.set(context, new State(CacheEvents.Outcome.HIT, route.id(), policy, hash, lookup.at(), List.of(), head, false));
        events.served(route.id(), CacheEvents.Outcome.HIT);
        return Future.succeededFuture(hit(context, lookup.entry(), head));
      });
    });
  }

  @Override
  public void onResponse(ProxyContext context, Request request) {
    State state = STATE.get(context);
    if (state == null) {
      return;
    }
    ProxyResponse response = context.response();
    if (state.outcome() == CacheEvents.Outcome.MISS) {
      keep(state, response);
    }
    if (debugHeaders) {
      response.putHeader(DEBUG_HEADER, state.outcome().name().toLowerCase(Locale.ROOT));
    }
  }

  public Future<Void> close() {
    return redis == null ? Future.succeededFuture() : redis.close();
  }

  /** Wraps the body so the answer is kept once it has streamed in full, if it may be kept at all. */
  private void keep(State state, ProxyResponse response) {
    int status = response.getStatusCode();
    Duration ttl = Cacheability.ttl(status, response.headers(), state.policy().ttl(), state.policy().vary(), state.oneUser());
    if (ttl == null) {
      return;
    }
    long age = age(response.headers().get("Age"));
    List<Map.Entry<String, String>> headers = CachedResponse.keptHeaders(response.headers());
    Body body = response.getBody();
    if (state.head() || body == null) {
      save(state, ttl, new CachedResponse(status, headers, Buffer.buffer(), age));
    } else if (body.length() <= maxBodyBytes) {
      response.setBody(Body.body(new CapturingStream(body.stream(), maxBodyBytes,
          copy -> save(state, ttl, new CachedResponse(status, headers, copy, age))), body.length(), body.mediaType()));
    }
  }

  private void save(State state, Duration ttl, CachedResponse response) {
    store.store(state.hash(), state.tags(), state.lookedUpAt(), ttl, response).onComplete(ar -> {
      if (ar.failed()) {
        events.redisError("store");
      } else if (ar.result()) {
        events.stored(state.route());
      }
    });
  }

  private ProxyResponse hit(ProxyContext context, CachedResponse entry, boolean head) {
    if (Revalidation.notModified(context.request().proxiedRequest().headers(), entry, System.currentTimeMillis())) {
      return notModified(context, entry);
    }
    ProxyResponse response = context.request().release().response().setStatusCode(entry.status());
    String contentType = null;
    for (Map.Entry<String, String> h : entry.headers()) {
      if (h.getKey().equalsIgnoreCase("Content-Type")) {
        contentType = h.getValue();
      } else {
        response.headers().add(h.getKey(), h.getValue());
      }
    }
    response.putHeader("Age", String.valueOf(entry.ageSeconds()));
    if (head || entry.status() == 204) {
      if (contentType != null) {
        response.putHeader("Content-Type", contentType);
      }
      return response;
    }
    return response.setBody(body(entry.body(), contentType));
  }

  /** The client holds the kept answer already: 304 with the headers that describe it, and no body. */
  private static ProxyResponse notModified(ProxyContext context, CachedResponse entry) {
    ProxyResponse response = context.request().release().response().setStatusCode(304);
    for (Map.Entry<String, String> h : entry.headers()) {
      if (Revalidation.keptOn304(h.getKey())) {
        response.headers().add(h.getKey(), h.getValue());
      }
    }
    return response.putHeader("Age", String.valueOf(entry.ageSeconds()));
  }

  private void warn(Throwable cause) {
    events.redisError("lookup");
    long now = System.nanoTime();
    if (now - lastWarning >= WARN_EVERY_NANOS) {
      lastWarning = now;
      LOG.warn("response cache unreachable, cached routes are served without it: {}", cause.toString());
    }
  }

  private Future<ProxyResponse> bypass(ProxyContext context, String route, CachePolicy policy) {
    STATE.set(context, new State(CacheEvents.Outcome.BYPASS, route, policy, null, 0, List.of(), false, false));
    events.served(route, CacheEvents.Outcome.BYPASS);
    return Future.succeededFuture();
  }

  /** GET or HEAD without credentials, ranges, a body or an upgrade: else the answer may not be anyone else's. */
  private static boolean cacheable(ProxyContext context, HttpServerRequest incoming) {
    HttpMethod method = incoming.method();
    String length = incoming.getHeader("Content-Length");
    return (method == HttpMethod.GET || method == HttpMethod.HEAD) && !context.isWebSocket()
        && !incoming.headers().contains("Authorization") && !incoming.headers().contains("Range")
        && !incoming.headers().contains("Transfer-Encoding") && (length == null || length.trim().equals("0"));
  }

  private static List<String> tags(CachePolicy policy, Map<String, String> params) {
    return policy.tags().stream().map(t -> TagTemplate.fill(t, name -> decoded(params.get(name))))
        .filter(Objects::nonNull).toList();
  }

  /** A path parameter as events name it: percent-decoded ('+' is a plus in a path). */
  private static String decoded(String segment) {
    if (segment == null) {
      return null;
    }
    try {
      return java.net.URLDecoder.decode(segment.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return segment;
    }
  }

  private static String joined(HttpServerRequest incoming, String header) {
    List<String> values = incoming.headers().getAll(header);
    return values.isEmpty() ? null : String.join(", ", values);
  }

  private static long age(String value) {
    try {
      return value == null ? 0 : Math.max(0, Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** A buffer body that leaves the Content-Type exactly as the backend wrote it. */
  private static Body body(Buffer buffer, String contentType) {
    return new Body() {
      @Override
      public String mediaType() {
        return contentType;
      }

      @Override
      public long length() {
        return buffer.length();
      }

      @Override
      public io.vertx.core.streams.ReadStream<Buffer> stream() {
        return Body.body(buffer).stream();
      }
    };
  }
}
