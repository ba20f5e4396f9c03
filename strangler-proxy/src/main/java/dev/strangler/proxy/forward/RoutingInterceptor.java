package dev.strangler.proxy.forward;

import dev.strangler.proxy.edge.HeaderPolicy;
import dev.strangler.proxy.overload.Admission;
import dev.strangler.proxy.overload.ShedReason;
import dev.strangler.proxy.route.BackendDefinition;
import dev.strangler.proxy.route.RouteDefinition;
import dev.strangler.proxy.route.RouteOptions;
import dev.strangler.proxy.route.RouteTable;
import dev.strangler.proxy.route.Target;
import dev.strangler.proxy.session.SessionGate;
import dev.strangler.proxy.table.LiveRouteTable;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Routes each request by the live table: one epoch, one route, one backend. Runs the route's steps
 * ({@link RouteStep}: the capture around everything, the rate limit first, the response cache, then shadowing just
 * before forwarding), resolves the session
 * where an extracted backend or the route needs it ({@link SessionGate}), applies the route's
 * rewrite and header changes, answers direct targets itself, and turns backend failures into
 * problem responses (504 on a timeout, 502 when the backend can't be reached).
 */
public final class RoutingInterceptor implements ProxyInterceptor {

  /** Settings of the forwarding engine ({@code holdAnswerMaxBytes}: fallback routes' answer hold unless a route says). */
  public record Options(Duration connectTimeout, Duration responseTimeout, boolean preserveHost, boolean debugHeaders,
                        long fallbackReplayMaxBytes, long holdAnswerMaxBytes) {}

  static final ContextKey<RoutingDecision> DECISION = ContextKey.of("decision", RoutingDecision.class);
  private static final ContextKey<RouteStep.Request> STEP = ContextKey.of("step", RouteStep.Request.class);
  /** Set when a step answered the request itself (a 429, a cache hit): the proxy served it. */
  private static final ContextKey<Boolean> ANSWERED = ContextKey.of("answeredByStep", Boolean.class);
  /** Why the proxy shed the request (a 503 of its own); unset when it did not. */
  static final ContextKey<ShedReason> SHED = ContextKey.of("shed", ShedReason.class);
  /** The backend whose in-flight place the request holds until its response ends. */
  private static final ContextKey<String> HELD_BACKEND = ContextKey.of("heldBackend", String.class);

  private final LiveRouteTable live;
  private final Options options;
  private final RequestObserver observer;
  private final Backends backends;
  private final BackendBreakers breakers;
  private final ForwardingEvents events;
  private final BackendHealthBoard board;
  private final DiscoveredBackends discovered;
  private final SessionGate sessions;
  private final RouteStep.Steps steps;
  private final UpstreamCall upstream;
  private final Admission admission;

  public RoutingInterceptor(LiveRouteTable live, Options options, RequestObserver observer, DiscoveredBackends discovered) {
    this(live, options, observer, discovered, null, ForwardingEvents.NONE);
  }

  /** With {@code vertx}, each extracted backend gets a circuit breaker ({@link BackendBreakers}). */
  public RoutingInterceptor(LiveRouteTable live, Options options, RequestObserver observer, DiscoveredBackends discovered,
                            io.vertx.core.Vertx vertx, ForwardingEvents events) {
    this(live, options, observer, discovered, vertx, events, SessionGate.OFF, null);
  }

  /**
   * With {@code sessions}, extracted backends get the user's verified identity and routes may require a session; with a
   * {@code board} (null: none), this event loop's ejections and breakers show in the admin API (create on the loop's context).
   */
  public RoutingInterceptor(LiveRouteTable live, Options options, RequestObserver observer, DiscoveredBackends discovered,
                            io.vertx.core.Vertx vertx, ForwardingEvents events, SessionGate sessions, BackendHealthBoard board) {
    this(live, options, observer, discovered, vertx, events, sessions, board, RouteStep.Steps.NONE);
  }

  /** With the proxy's route {@code steps}: rate limits and the response cache. */
  public RoutingInterceptor(LiveRouteTable live, Options options, RequestObserver observer, DiscoveredBackends discovered,
                            io.vertx.core.Vertx vertx, ForwardingEvents events, SessionGate sessions, BackendHealthBoard board,
                            RouteStep.Steps steps) {
    this(live, options, observer, discovered, vertx, events, sessions, board, steps, Admission.UNLIMITED);
  }

  /** With this event loop's {@code admission}: requests past the in-flight caps or while overloaded are shed. */
  public RoutingInterceptor(LiveRouteTable live, Options options, RequestObserver observer, DiscoveredBackends discovered,
                            io.vertx.core.Vertx vertx, ForwardingEvents events, SessionGate sessions, BackendHealthBoard board,
                            RouteStep.Steps steps, Admission admission) {
    this.admission = Objects.requireNonNull(admission, "admission == null");
    this.steps = Objects.requireNonNull(steps, "steps == null");
    this.sessions = Objects.requireNonNull(sessions, "sessions == null");
    this.live = Objects.requireNonNull(live, "live == null");
    this.options = Objects.requireNonNull(options, "options == null");
    this.observer = Objects.requireNonNull(observer, "observer == null");
    this.events = Objects.requireNonNull(events, "events == null");
    this.discovered = Objects.requireNonNull(discovered, "discovered == null");
    this.backends = new Backends(discovered, events);
    this.breakers = vertx == null ? null : new BackendBreakers(vertx, events);
    this.upstream = new UpstreamCall(backends, breakers, admission, events);
    this.board = board;
    if (board != null) {
      board.register(io.vertx.core.Vertx.currentContext(), backends, breakers);
    }
  }

  /** The origin provider that goes with this interceptor. */
  public static io.vertx.httpproxy.OriginRequestProvider origin() {
    return new UpstreamOrigin();
  }

  public static RoutingDecision decision(ProxyContext context) {
    return DECISION.get(context);
  }

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
    RouteTable table = live.current();
    ProxyRequest request = context.request();
    String uri = request.getURI();
    int q = uri.indexOf('?');
    String path = q < 0 ? uri : uri.substring(0, q);
    RoutingDecision decision = RouteDecider.decide(table, new HttpRequestFacts(request.proxiedRequest(), path));
    DECISION.set(context, decision);
    ShedReason refused = admission.enter();
    observe(context, decision, path, refused == null);
    if (refused != null) {
      return shed(context, refused, decision, decision.backend());
    }
    RouteDefinition route = decision.match().route();
    if (route.target() instanceof Target.Direct direct) {
      ProxyResponse response = request.release().response().setStatusCode(direct.status())
          .putHeader("Content-Type", direct.contentType())
          .setBody(ProblemResponses.bodyKeepingContentType(Buffer.buffer(direct.body())));
      return Future.succeededFuture(response);
    }
    RouteStep.Request step = new RouteStep.Request(decision, path, ForwardedHeaders.client(context),
        sessions.lookup(request.proxiedRequest()));
    STEP.set(context, step);
    return stepOr(context, steps.capture(), step,
        () -> stepOr(context, steps.limit(), step, () -> admit(context, table, decision, step, uri, q, path)));
  }

  /** Checks the session where the backend or route needs it, then the idempotency and cache steps, then forwards. */
  private Future<ProxyResponse> admit(ProxyContext context, RouteTable table, RoutingDecision decision, RouteStep.Request step,
                                      String uri, int q, String path) {
    ProxyRequest request = context.request();
    boolean requireSession = decision.match().route().options().requireSession();
    java.util.function.Supplier<Future<ProxyResponse>> next =
        () -> stepOr(context, steps.idempotency(), step, () -> stepOr(context, steps.cache(), step,
            () -> stepOr(context, steps.shadow(), step, () -> forward(context, table, decision, uri, q, path))));
    if (!sessions.applies(decision.backend(), requireSession)) {
      return next.get();
    }
    return sessions.admit(step.session(), request.headers(), decision.backend(), table.audience(decision.backend()),
            requireSession)
        .compose(refusal -> refusal == null ? next.get()
            : Future.succeededFuture(ProblemResponses.fill(request.release().response(), refusal.status(), refusal.title(),
                refusal.detail())));
  }

  /** Runs {@code step}: its answer when it gives one, else {@code next}. */
  private static Future<ProxyResponse> stepOr(ProxyContext context, RouteStep step, RouteStep.Request request,
                                              java.util.function.Supplier<Future<ProxyResponse>> next) {
    Future<ProxyResponse> answered = step.onRequest(context, request);
    if (answered.succeeded() && answered.result() == null) {
      return next.get(); // the usual case, a step with nothing to do here: no composition to allocate and run
    }
    return answered.compose(answer -> {
      if (answer == null) {
        return next.get();
      }
      ANSWERED.set(context, Boolean.TRUE);
      return Future.succeededFuture(answer);
    });
  }

  /** Sends the request on to the decided backend, or answers for it when it has no instance or the body is too large. */
  private Future<ProxyResponse> forward(ProxyContext context, RouteTable table, RoutingDecision decision, String uri, int q,
                                        String path) {
    ProxyRequest request = context.request();
    RouteDefinition route = decision.match().route();
    BackendDefinition backend = table.backend(decision.backend());
    if (backend != null && backend.service() != null && !discovered.knows(backend.service())) {
      return discovered.lookUpNow(backend.service()).compose(v -> forward(context, table, decision, uri, q, path));
    }
    java.util.List<URI> candidates = backends.candidates(decision.backend(), backend);
    // The monolith's URLs are picked only when needed, so fallback routes don't turn its rotation.
    java.util.function.Supplier<java.util.List<URI>> fallback = fallsBackToLegacy(route, decision) ? upstream.legacy(table) : null;
    if (candidates.isEmpty() && fallback != null) {
      java.util.List<URI> now = fallback.get();
      fallback = () -> now;
      if (now.isEmpty()) {
        fallback = null;
      }
    }
    if (candidates.isEmpty() && fallback == null) {
      return Future.succeededFuture(ProblemResponses.fill(request.release().response(), 503, "Service Unavailable",
          "backend '" + decision.backend() + "' has no live instance"));
    }
    RouteOptions o = route.options();
    if (o.maxBodyBytes() != null) {
      ProxyResponse tooLarge = limitBody(request, o.maxBodyBytes());
      if (tooLarge != null) {
        return Future.succeededFuture(tooLarge);
      }
    }
    String goesTo = candidates.isEmpty() ? Target.LEGACY_BACKEND : decision.backend();
    boolean saturated = !enterBackend(context, goesTo, table);
    boolean legacyInstead = saturated && fallback != null && !goesTo.equals(Target.LEGACY_BACKEND)
        && enterBackend(context, Target.LEGACY_BACKEND, table);
    if (saturated && !legacyInstead) {
      return shed(context, ShedReason.BACKEND_LIMIT, decision, goesTo);
    }
    UpstreamOrigin.ORIGIN.set(context, new UpstreamOrigin.Origin(decision.backend(), candidates, fallback,
        o.connectTimeout() != null ? o.connectTimeout() : options.connectTimeout(),
        o.responseTimeout() != null ? o.responseTimeout() : options.responseTimeout(), backends));
    if (o.stripPrefix() != null || o.addPrefix() != null) {
      request.setURI(rewrite(path, o) + (q < 0 ? "" : uri.substring(q)));
    }
    apply(o.requestHeaders(), request.headers());
    if (options.preserveHost() && request.proxiedRequest().authority() != null) {
      request.setAuthority(request.proxiedRequest().authority());
    }
    if (legacyInstead) {
      // The extracted side is full and the route may be served by the monolith, whose own limit let it in: nothing was
      // sent to the extracted side, so nothing happens twice.
      return upstream.toLegacy(context, decision, table);
    }
    if (fallback == null) {
      return upstream.send(context, route, decision, table, null, 0);
    }
    long hold = holdAnswer(route, request.getMethod().name(), options.holdAnswerMaxBytes());
    return ReplayableBody.capture(request, options.fallbackReplayMaxBytes())
        .compose(replay -> upstream.send(context, route, decision, table, replay, hold));
  }

  @Override
  public Future<Void> handleProxyResponse(ProxyContext context) {
    RoutingDecision decision = DECISION.get(context);
    ProxyResponse response = context.response();
    // Only the proxy speaks in its namespace: drop whatever a backend sent there, then add its own.
    HeaderPolicy.stripNamespace(response.headers());
    RouteStep.Request step = STEP.get(context);
    if (step != null) {
      // Idempotency, the shadow and the cache first: they keep the backend's headers, before the limiter's and the route's are added.
      steps.idempotency().onResponse(context, step);
      steps.shadow().onResponse(context, step);
      steps.cache().onResponse(context, step);
      steps.limit().onResponse(context, step);
    }
    if (decision != null) {
      apply(decision.match().route().options().responseHeaders(), response.headers());
      if (options.debugHeaders()) {
        response.putHeader(DebugHeaders.ROUTE, decision.routeId())
            .putHeader(DebugHeaders.BACKEND, servedBy(context, decision))
            .putHeader(DebugHeaders.EPOCH, String.valueOf(decision.epoch()));
      }
    }
    if (step != null) {
      steps.capture().onResponse(context, step); // last: it records the response as the client gets it
    }
    return context.sendResponse();
  }

  /** Takes a place among {@code backend}'s requests in flight, held until the response ends; false: it is full. */
  private boolean enterBackend(ProxyContext context, String backend, RouteTable table) {
    if (!admission.enterBackend(backend, table.backend(backend))) {
      return false;
    }
    HELD_BACKEND.set(context, backend);
    return true;
  }

  private Future<ProxyResponse> shed(ProxyContext context, ShedReason reason, RoutingDecision decision, String backend) {
    SHED.set(context, reason);
    ANSWERED.set(context, Boolean.TRUE);
    return Future.succeededFuture(admission.answer(context.request(), reason, decision.routeId(), backend));
  }

  /**
   * Records the request when its response ends (or its connection closes), and gives back the in-flight places it held:
   * the process's when {@code admitted}, its backend's when it took one.
   */
  private void observe(ProxyContext context, RoutingDecision decision, String path, boolean admitted) {
    long start = System.nanoTime();
    var incoming = context.request().proxiedRequest();
    String method = incoming.method().name();
    incoming.response().endHandler(v -> {
      if (admitted) {
        admission.leave();
      }
      upstream.releaseHeld(context);
      String held = HELD_BACKEND.get(context);
      if (held != null) {
        admission.leaveBackend(held);
      }
      ShedReason shed = SHED.get(context);
      if (Boolean.TRUE.equals(UpstreamOrigin.FELL_BACK.get(context))) {
        events.fellBack(decision.routeId(), decision.backend());
        if (board != null) {
          board.fellBack(decision.backend());
        }
      }
      int status = incoming.response().getStatusCode();
      observer.completed(new CompletedRequest(decision, servedBy(context, decision), RequestIds.of(context), method, path,
          ForwardedHeaders.client(context), status, StandIn.backendStatus(context, status), System.nanoTime() - start,
          shed == null ? null : shed.tag()));
    });
  }

  /** The backend that answered a routed request ({@link #servedBy(ProxyContext, RoutingDecision)}); null before routing. */
  public static String servedBy(ProxyContext context) {
    RoutingDecision decision = DECISION.get(context);
    return decision == null ? null : servedBy(context, decision);
  }

  /** The backend that actually answered: the monolith after a fallback, else the routed one. */
  private static String servedBy(ProxyContext context, RoutingDecision decision) {
    if (decision.backend() == null || Boolean.TRUE.equals(ANSWERED.get(context)) || SHED.get(context) != null) {
      return DebugHeaders.SELF;
    }
    return Boolean.TRUE.equals(UpstreamOrigin.FELL_BACK.get(context)) ? Target.LEGACY_BACKEND : decision.backend();
  }

  /**
   * A safe or idempotent route marked fallbackToLegacy, served by an extracted backend, may be sent to
   * the monolith when no instance accepts a connection (nothing was sent, so nothing happens twice).
   */
  static boolean fallsBackToLegacy(RouteDefinition route, RoutingDecision decision) {
    return route.options().fallbackToLegacy() && route.sideEffect() != dev.strangler.proxy.route.SideEffect.UNSAFE
        && !Target.LEGACY_BACKEND.equals(decision.backend());
  }

  /**
   * The most of the extracted side's answer to hold until its body ended, for a request of a fallback route that may be
   * replayed ({@link UpstreamCall#send}): the route's {@code holdAnswer}, else {@code byDefault}. 0 (streamed) for a HEAD
   * (no body) and for a request whose own method is unsafe (a POST on a route declared idempotent): its extracted answer
   * had a good status, so the write was done there, and is not done a second time on the monolith.
   */
  static long holdAnswer(RouteDefinition route, String method, long byDefault) {
    if ("HEAD".equals(method)
        || dev.strangler.proxy.route.SideEffect.fromMethods(java.util.List.of(method)) == dev.strangler.proxy.route.SideEffect.UNSAFE) {
      return 0;
    }
    Long own = route.options().holdAnswerBytes();
    return own != null ? own : byDefault;
  }

  /** 413 when the declared length is over the limit; else a body that is cut if it streams past it. */
  private static ProxyResponse limitBody(ProxyRequest request, long limit) {
    String declared = request.proxiedRequest().getHeader("Content-Length");
    if (declared != null && Long.parseLong(declared.trim()) > limit) {
      return ProblemResponses.fill(request.release().response(), 413, "Content Too Large",
          "this route accepts request bodies up to " + limit + " bytes");
    }
    if (declared == null && request.getBody() != null) {
      var connection = request.proxiedRequest().connection();
      request.setBody(io.vertx.httpproxy.Body.body(new BodyLimit(request.getBody().stream(), limit, connection::close), -1));
    }
    return null;
  }

  static String rewrite(String path, RouteOptions o) {
    String out = path;
    if (o.stripPrefix() != null && (out.equals(o.stripPrefix()) || out.startsWith(o.stripPrefix() + "/"))) {
      out = out.substring(o.stripPrefix().length());
    }
    if (o.addPrefix() != null) {
      out = o.addPrefix() + out;
    }
    return out.isEmpty() ? "/" : out;
  }

  private static void apply(RouteOptions.HeaderChanges changes, MultiMap headers) {
    changes.remove().forEach(headers::remove);
    changes.set().forEach(headers::set);
  }
}
