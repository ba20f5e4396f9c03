package dev.strangler.proxy.cache;

import dev.strangler.proxy.forward.ContextKey;
import dev.strangler.proxy.forward.RouteStep;
import dev.strangler.proxy.forward.StandIn;
import dev.strangler.proxy.redis.LoopRedis;
import dev.strangler.proxy.route.CachePolicy;
import dev.strangler.proxy.route.RouteDefinition;
import dev.strangler.proxy.route.Target;
import dev.strangler.proxy.route.TagTemplate;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A route's response cache, in Redis for the whole fleet: a GET or HEAD is answered from it when a fresh answer is kept
 * under its key ({@link CacheKey}; a HEAD takes a kept GET answer's headers first), with an {@code Age} (a 304 when the
 * client's conditions say it holds that answer: {@link Revalidation}); else the backend's answer streams to the client
 * and is kept when {@link Cacheability} allows and its body is within the cap. On a route that keeps answers past their TTL
 * ({@code keep}), a request for one that is no longer fresh asks the backend whether it changed, with the kept answer's
 * validators ({@code If-None-Match}, {@code If-Modified-Since}), unless the client sent conditions of its own or the
 * route is shadowed (the copy would carry them too); the backend's {@code 304} is then answered with the kept answer,
 * its headers updated, and kept anew (RFC 9111 §4.3.3–4), any other answer as on a miss. On a route with
 * {@code staleIfError}, a kept answer past its TTL stands in for the backend's failure ({@link #FAILURES}), which the
 * backend's figures still count ({@link StandIn}). Requests with credentials bypass the cache unless the route is
 * user-scoped, and so does every request while Redis doesn't answer within the timeout. One per event loop, with its own
 * Redis connection.
 */
public final class ResponseCache implements RouteStep {

  /**
   * Debug header: {@code hit}, {@code miss}, {@code revalidated}, {@code stale} or {@code bypass}, on cached routes when
   * debug headers are on.
   */
  public static final String DEBUG_HEADER = "X-Strangler-Cache";
  private static final ContextKey<State> STATE = ContextKey.of("cache", State.class);
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ResponseCache.class);
  /** One warning per event loop per this long while Redis can't answer, not one per request. */
  private static final long WARN_EVERY_NANOS = 10_000_000_000L;

  /** Request headers that make a request conditional: the client's own, so the cache adds none of its own. */
  private static final List<String> CONDITIONS =
      List.of("If-None-Match", "If-Modified-Since", "If-Match", "If-Unmodified-Since", "If-Range");

  /** The backend's statuses a kept answer stands in for (RFC 5861 §4: an error); the proxy's 502/504 for no answer too. */
  private static final java.util.Set<Integer> FAILURES = java.util.Set.of(500, 502, 503, 504);

  /**
   * What the cache did for one request; on a miss, what keeping the answer needs; with a kept answer that is no longer
   * fresh, what it may still do (else null).
   */
  private record State(CacheEvents.Outcome outcome, String route, CachePolicy policy, String hash, long lookedUpAt,
                       List<String> tags, boolean head, boolean oneUser, Stale stale) {}

  /**
   * A kept answer past its TTL.
   *
   * @param revalidating the request asks the backend about it (the kept validators were put on it)
   * @param standsIn it may stand in for a failed answer of the backend
   */
  private record Stale(CachedResponse entry, boolean revalidating, boolean standsIn) {}

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
      boolean head = incoming.method() == HttpMethod.HEAD;
      String hash = key(route, request, incoming, incoming.method(), policy, who.result());
      // A HEAD is answered from a fresh GET answer when one is kept (RFC 9111 §4: the same headers, no body), else from
      // its own kept HEAD answer, or forwarded and kept as one.
      Future<CacheStore.Lookup> lookedUp = !head ? store.lookup(hash)
          : store.lookup(key(route, request, incoming, HttpMethod.GET, policy, who.result()))
              .compose(get -> get.entry() != null && get.fresh() ? Future.succeededFuture(get) : store.lookup(hash));
      return lookedUp.transform(found -> {
        if (found.failed()) {
          warn(found.cause());
          return bypass(context, route.id(), policy);
        }
        CacheStore.Lookup lookup = found.result();
        if (lookup.entry() == null || !lookup.fresh()) {
          boolean oneUser = who.result() != null && !CacheKey.ANONYMOUS.equals(who.result());
          Stale stale = lookup.entry() == null ? null : stale(context, route, incoming, lookup);
          STATE.set(context, new State(CacheEvents.Outcome.MISS, route.id(), policy, hash, lookup.at(),
              tags(policy, request.decision().match().pathParams()), head, oneUser, stale));
          if (stale == null) {
            events.served(route.id(), CacheEvents.Outcome.MISS); // else counted once the backend has answered
          }
          return Future.succeededFuture();
        }
        STATE.set(context, new State(CacheEvents.Outcome.HIT, route.id(), policy, hash, lookup.at(), List.of(), head, false,
            null));
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
    CacheEvents.Outcome outcome = state.outcome();
    Stale stale = state.stale();
    if (stale != null) {
      int status = response.getStatusCode();
      outcome = stale.revalidating() && status == 304 ? CacheEvents.Outcome.REVALIDATED
          : stale.standsIn() && FAILURES.contains(status) ? CacheEvents.Outcome.STALE : CacheEvents.Outcome.MISS;
      events.served(state.route(), outcome);
    }
    switch (outcome) {
      case REVALIDATED -> unchanged(state, response);
      case STALE -> standIn(context, state, response);
      case MISS -> keep(state, response);
      default -> { }
    }
    if (debugHeaders) {
      response.putHeader(DEBUG_HEADER, outcome.name().toLowerCase(Locale.ROOT));
    }
  }

  public Future<Void> close() {
    return redis == null ? Future.succeededFuture() : redis.close();
  }

  private static String key(RouteDefinition route, Request request, HttpServerRequest incoming, HttpMethod method,
      CachePolicy policy, String user) {
    int q = incoming.uri().indexOf('?');
    return CacheKey.of(route.id(), request.decision().backend(), method.name(),
        incoming.authority() == null ? null : incoming.authority().toString(), request.path(),
        q < 0 ? null : incoming.uri().substring(q + 1), policy.vary(), h -> joined(incoming, h), user);
  }

  /** Wraps the body so the answer is kept once it has streamed in full, if it may be kept at all. */
  private void keep(State state, ProxyResponse response) {
    int status = response.getStatusCode();
    Cacheability.Lifetime ttl = lifetime(state, status, response.headers());
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

  /**
   * The backend says the kept answer is still current (its 304 to the kept validators): the client gets the kept answer,
   * its headers updated from the 304's (all but {@code Content-Length}, RFC 9111 §3.2), and it is kept anew.
   */
  private void unchanged(State state, ProxyResponse response) {
    CachedResponse kept = state.stale().entry();
    List<Map.Entry<String, String>> headers = CachedResponse.updatedHeaders(kept.headers(), response.headers());
    long age = age(response.headers().get("Age"));
    CachedResponse current = new CachedResponse(kept.status(), headers, kept.body(), age);
    drop(response); // the 304 is done with: its headers were taken above
    fill(response.setStatusCode(kept.status()), current, state.head());
    MultiMap updated = MultiMap.caseInsensitiveMultiMap();
    headers.forEach(h -> updated.add(h.getKey(), h.getValue()));
    Cacheability.Lifetime lifetime = lifetime(state, kept.status(), updated);
    if (lifetime != null) {
      save(state, lifetime, current);
    }
  }

  /**
   * The backend failed and the kept answer may stand in: the client gets it (or a 304 when its own conditions name it),
   * and the backend's health figures still count the failure ({@link StandIn}).
   */
  private static void standIn(ProxyContext context, State state, ProxyResponse response) {
    StandIn.record(context, response.getStatusCode());
    CachedResponse kept = state.stale().entry();
    drop(response);
    if (Revalidation.notModified(context.request().proxiedRequest().headers(), kept, System.currentTimeMillis())) {
      notModified(response.setStatusCode(304), kept);
    } else {
      fill(response.setStatusCode(kept.status()), kept, state.head());
    }
  }

  /**
   * Leaves the backend's answer unsent: its body read to the end (so its health counts what came), its headers dropped.
   */
  private static void drop(ProxyResponse response) {
    Body answered = response.getBody();
    if (answered != null) {
      answered.stream().exceptionHandler(failure -> {}).endHandler(v -> {}).handler(chunk -> {}).resume();
    }
    response.release();
  }

  private static Cacheability.Lifetime lifetime(State state, int status, MultiMap headers) {
    CachePolicy policy = state.policy();
    return Cacheability.lifetime(status, headers, policy.ttl(), policy.keep(), policy.staleIfError(), policy.vary(),
        state.oneUser());
  }

  private void save(State state, Cacheability.Lifetime ttl, CachedResponse response) {
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
      return notModified(context.request().release().response().setStatusCode(304), entry);
    }
    return fill(context.request().release().response().setStatusCode(entry.status()), entry, head);
  }

  /** The kept answer's headers, {@code Age} and (unless a HEAD or a 204) body on {@code response}. */
  private static ProxyResponse fill(ProxyResponse response, CachedResponse entry, boolean head) {
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
      if (head && entry.body().length() > 0 && !response.headers().contains("Content-Length")) {
        // A kept GET answer that came chunked: the length its GET would now be sent with.
        response.putHeader("Content-Length", String.valueOf(entry.body().length()));
      }
      return response;
    }
    return response.setBody(body(entry.body(), contentType));
  }

  /** The client holds the kept answer already: the headers that describe it on a 304 {@code response}, and no body. */
  private static ProxyResponse notModified(ProxyResponse response, CachedResponse entry) {
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
    STATE.set(context, new State(CacheEvents.Outcome.BYPASS, route, policy, null, 0, List.of(), false, false, null));
    events.served(route, CacheEvents.Outcome.BYPASS);
    return Future.succeededFuture();
  }

  /**
   * What a kept answer past its TTL may do for this request: be revalidated (then the request asks the backend about it)
   * and stand in for a failed answer; null when neither.
   */
  private static Stale stale(ProxyContext context, RouteDefinition route, HttpServerRequest incoming,
                             CacheStore.Lookup lookup) {
    CachedResponse kept = lookup.entry();
    boolean revalidating = kept.status() == 200 && Revalidation.validated(kept) && mayRevalidate(route, incoming);
    if (revalidating) {
      askIfChanged(context, kept);
    }
    return revalidating || lookup.standsIn() ? new Stale(kept, revalidating, lookup.standsIn()) : null;
  }

  /**
   * Whether the cache may ask the backend about a kept answer for this request: not when the client's own conditions
   * go to the backend (its answer is for the client's copy), nor on a shadowed route (the candidate gets a copy of the
   * request, conditions included, and would be compared on a 304).
   */
  private static boolean mayRevalidate(RouteDefinition route, HttpServerRequest incoming) {
    if (route.target() instanceof Target.Shadow) {
      return false;
    }
    for (String condition : CONDITIONS) {
      if (incoming.headers().contains(condition)) {
        return false;
      }
    }
    return true;
  }

  /** Puts the kept answer's validators on the request to the backend. */
  private static void askIfChanged(ProxyContext context, CachedResponse kept) {
    MultiMap outgoing = context.request().headers();
    for (Map.Entry<String, String> h : kept.headers()) {
      if (h.getKey().equalsIgnoreCase("ETag")) {
        outgoing.add("If-None-Match", h.getValue());
      } else if (h.getKey().equalsIgnoreCase("Last-Modified")) {
        outgoing.set("If-Modified-Since", h.getValue());
      }
    }
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
