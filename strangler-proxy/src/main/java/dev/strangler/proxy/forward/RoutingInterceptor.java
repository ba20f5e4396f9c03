package dev.strangler.proxy.forward;

import dev.strangler.proxy.edge.HeaderPolicy;
import dev.strangler.proxy.route.BackendDefinition;
import dev.strangler.proxy.route.RouteDefinition;
import dev.strangler.proxy.route.RouteOptions;
import dev.strangler.proxy.route.RouteTable;
import dev.strangler.proxy.route.Target;
import dev.strangler.proxy.session.SessionGate;
import dev.strangler.proxy.table.LiveRouteTable;
import io.netty.channel.ConnectTimeoutException;
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
import java.util.concurrent.TimeoutException;

/**
 * Routes each request by the live table: one epoch, one route, one backend. Runs the route's steps
 * ({@link RouteStep}: the rate limit first, the response cache just before forwarding), resolves the session
 * where an extracted backend or the route needs it ({@link SessionGate}), applies the route's
 * rewrite and header changes, answers direct targets itself, and turns backend failures into
 * problem responses (504 on a timeout, 502 when the backend can't be reached).
 */
public final class RoutingInterceptor implements ProxyInterceptor {

  /** Settings of the forwarding engine. */
  public record Options(Duration connectTimeout, Duration responseTimeout, boolean preserveHost, boolean debugHeaders,
                        long fallbackReplayMaxBytes) {}

  static final ContextKey<RoutingDecision> DECISION = ContextKey.of("decision", RoutingDecision.class);
  private static final ContextKey<RouteStep.Request> STEP = ContextKey.of("step", RouteStep.Request.class);
  /** Set when a step answered the request itself (a 429, a cache hit): the proxy served it. */
  private static final ContextKey<Boolean> ANSWERED = ContextKey.of("answeredByStep", Boolean.class);

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
    this.steps = Objects.requireNonNull(steps, "steps == null");
    this.sessions = Objects.requireNonNull(sessions, "sessions == null");
    this.live = Objects.requireNonNull(live, "live == null");
    this.options = Objects.requireNonNull(options, "options == null");
    this.observer = Objects.requireNonNull(observer, "observer == null");
    this.events = Objects.requireNonNull(events, "events == null");
    this.discovered = Objects.requireNonNull(discovered, "discovered == null");
    this.backends = new Backends(discovered, events);
    this.breakers = vertx == null ? null : new BackendBreakers(vertx, events);
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
    observe(context, decision, path);
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
    return stepOr(context, steps.limit(), step, () -> admit(context, table, decision, step, uri, q, path));
  }

  /** Checks the session where the backend or route needs it, then the cache step, then forwards. */
  private Future<ProxyResponse> admit(ProxyContext context, RouteTable table, RoutingDecision decision, RouteStep.Request step,
                                      String uri, int q, String path) {
    ProxyRequest request = context.request();
    boolean requireSession = decision.match().route().options().requireSession();
    java.util.function.Supplier<Future<ProxyResponse>> next =
        () -> stepOr(context, steps.cache(), step, () -> forward(context, table, decision, uri, q, path));
    if (!sessions.applies(decision.backend(), requireSession)) {
      return next.get();
    }
    return sessions.admit(step.session(), request.headers(), decision.backend(), audience(table, decision.backend()),
            requireSession)
        .compose(refusal -> refusal == null ? next.get()
            : Future.succeededFuture(ProblemResponses.fill(request.release().response(), refusal.status(), refusal.title(),
                refusal.detail())));
  }

  /** Runs {@code step}: its answer when it gives one, else {@code next}. */
  private static Future<ProxyResponse> stepOr(ProxyContext context, RouteStep step, RouteStep.Request request,
                                              java.util.function.Supplier<Future<ProxyResponse>> next) {
    return step.onRequest(context, request).compose(answer -> {
      if (answer == null) {
        return next.get();
      }
      ANSWERED.set(context, Boolean.TRUE);
      return Future.succeededFuture(answer);
    });
  }

  /**
   * Who an identity token is for: the service name of a backend found through discovery (what the service knows
   * itself as), else the backend's name in the route table.
   */
  private static String audience(RouteTable table, String backend) {
    BackendDefinition definition = backend == null ? null : table.backend(backend);
    return definition != null && definition.service() != null ? definition.service() : backend;
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
    java.util.function.Supplier<java.util.List<URI>> fallback = fallsBackToLegacy(route, decision) ? legacy(table) : null;
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
    if (fallback == null) {
      return send(context, route, decision, table, null);
    }
    return ReplayableBody.capture(request, options.fallbackReplayMaxBytes())
        .compose(replay -> send(context, route, decision, table, replay));
  }

  /**
   * Sends the request to the routed backend (through its breaker when extracted). With a held body,
   * a failure, timeout or 5xx of the extracted side sends the same request to the monolith.
   */
  private Future<ProxyResponse> send(ProxyContext context, RouteDefinition route, RoutingDecision decision,
                                     RouteTable table, ReplayableBody replay) {
    if (replay != null) {
      replay.applyTo(context.request());
    }
    Future<ProxyResponse> first = breakers == null || Target.LEGACY_BACKEND.equals(decision.backend())
        ? sendOnce(context)
        : throughBreaker(context, route, decision, table);
    if (replay == null) {
      return first.recover(failure -> Future.succeededFuture(failed(context, failure)));
    }
    return first.transform(ar -> {
      boolean extractedFailed = ar.failed() || ar.result().getStatusCode() >= 500;
      java.util.List<URI> legacy = extractedFailed && !Boolean.TRUE.equals(UpstreamOrigin.FELL_BACK.get(context))
          ? legacy(table).get() : java.util.List.of();
      if (legacy.isEmpty()) {
        return ar.succeeded() ? Future.succeededFuture(ar.result()) : Future.succeededFuture(failed(context, ar.cause()));
      }
      if (ar.succeeded()) {
        ar.result().release(); // the extracted side's 5xx is dropped: the monolith answers instead
      }
      UpstreamOrigin.Origin origin = UpstreamOrigin.ORIGIN.get(context);
      UpstreamOrigin.ORIGIN.set(context, new UpstreamOrigin.Origin(decision.backend(), java.util.List.of(), () -> legacy,
          origin.connectTimeout(), origin.responseTimeout(), backends));
      replay.applyTo(context.request());
      return sendOnce(context).recover(failure -> Future.succeededFuture(failed(context, failure)));
    });
  }

  /**
   * Through the backend's breaker: a 5xx or failure counts against it; while it is open nothing is
   * sent — fallback routes go to the monolith, others get a 503. A failure after sending is passed on.
   */
  private Future<ProxyResponse> throughBreaker(ProxyContext context, RouteDefinition route, RoutingDecision decision,
                                               RouteTable table) {
    boolean[] sent = {false};
    return breakers.of(decision.backend()).<ProxyResponse>execute(attempt -> {
      sent[0] = true;
      sendOnce(context).onComplete(ar -> {
        if (ar.failed()) {
          attempt.fail(ar.cause());
        } else if (ar.result().getStatusCode() >= 500) {
          attempt.fail(new FailedResponse(ar.result()));
        } else {
          attempt.complete(ar.result());
        }
      });
    }).recover(failure -> {
      if (failure instanceof FailedResponse failed) {
        return Future.succeededFuture(failed.response);
      }
      if (!sent[0]) {
        return circuitOpen(context, route, decision, table);
      }
      return Future.failedFuture(failure);
    });
  }

  /** Sends once to the chosen origin, feeding outlier detection; a failure is passed on. */
  private Future<ProxyResponse> sendOnce(ProxyContext context) {
    return context.sendRequest()
        .onSuccess(response -> outcome(context, response.getStatusCode() < 500))
        .onFailure(failure -> outcome(context, false));
  }

  private java.util.function.Supplier<java.util.List<URI>> legacy(RouteTable table) {
    return () -> backends.candidates(Target.LEGACY_BACKEND, table.backend(Target.LEGACY_BACKEND));
  }

  /** The backend's breaker is open: nothing goes to it; fallback routes go to the monolith, others get a 503. */
  private Future<ProxyResponse> circuitOpen(ProxyContext context, RouteDefinition route, RoutingDecision decision, RouteTable table) {
    if (fallsBackToLegacy(route, decision)) {
      UpstreamOrigin.Origin origin = UpstreamOrigin.ORIGIN.get(context);
      UpstreamOrigin.ORIGIN.set(context, new UpstreamOrigin.Origin(decision.backend(), java.util.List.of(), legacy(table),
          origin.connectTimeout(), origin.responseTimeout(), backends));
      return sendOnce(context).recover(failure -> Future.succeededFuture(failed(context, failure)));
    }
    return Future.succeededFuture(ProblemResponses.fill(context.request().release().response(), 503, "Service Unavailable",
        "backend '" + decision.backend() + "' is failing; its circuit is open"));
  }

  /** A 5xx answered by the backend: a failure for its breaker, passed to the client unchanged. */
  private static final class FailedResponse extends RuntimeException {
    private final transient ProxyResponse response;

    FailedResponse(ProxyResponse response) {
      super("backend answered " + response.getStatusCode(), null, false, false);
      this.response = response;
    }
  }

  @Override
  public Future<Void> handleProxyResponse(ProxyContext context) {
    RoutingDecision decision = DECISION.get(context);
    ProxyResponse response = context.response();
    // Only the proxy speaks in its namespace: drop whatever a backend sent there, then add its own.
    HeaderPolicy.stripNamespace(response.headers());
    RouteStep.Request step = STEP.get(context);
    if (step != null) {
      // The cache first: it keeps the backend's headers, before the limiter's and the route's are added.
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
    return context.sendResponse();
  }

  private void observe(ProxyContext context, RoutingDecision decision, String path) {
    long start = System.nanoTime();
    var incoming = context.request().proxiedRequest();
    String method = incoming.method().name();
    incoming.response().endHandler(v -> {
      if (Boolean.TRUE.equals(UpstreamOrigin.FELL_BACK.get(context))) {
        events.fellBack(decision.routeId(), decision.backend());
        if (board != null) {
          board.fellBack(decision.backend());
        }
      }
      observer.completed(
        new RoutingDecision(decision.epoch(), decision.match(), decision.backend() == null ? null : servedBy(context, decision)),
        RequestIds.of(context), method, path, incoming.response().getStatusCode(), System.nanoTime() - start);
    });
  }

  /** The backend that actually answered: the monolith after a fallback, else the routed one. */
  private static String servedBy(ProxyContext context, RoutingDecision decision) {
    if (decision.backend() == null || Boolean.TRUE.equals(ANSWERED.get(context))) {
      return DebugHeaders.SELF;
    }
    return Boolean.TRUE.equals(UpstreamOrigin.FELL_BACK.get(context)) ? Target.LEGACY_BACKEND : decision.backend();
  }

  /**
   * A safe or idempotent route marked fallbackToLegacy, served by an extracted backend, may be sent to
   * the monolith when no instance accepts a connection (nothing was sent, so nothing happens twice).
   */
  private static boolean fallsBackToLegacy(RouteDefinition route, RoutingDecision decision) {
    return route.options().fallbackToLegacy() && route.sideEffect() != dev.strangler.proxy.route.SideEffect.UNSAFE
        && !Target.LEGACY_BACKEND.equals(decision.backend());
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

  /** Feeds outlier detection: connection failures were counted when they happened; this counts what came after. */
  private void outcome(ProxyContext context, boolean healthy) {
    URI sentTo = UpstreamOrigin.SENT_TO.get(context);
    if (sentTo != null) {
      if (healthy) {
        backends.succeeded(sentTo);
      } else {
        backends.failed(UpstreamOrigin.SENT_TO_BACKEND.get(context), sentTo);
      }
    }
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

  private ProxyResponse failed(ProxyContext context, Throwable failure) {
    RoutingDecision decision = DECISION.get(context);
    String backend = decision == null ? "?" : decision.backend();
    ProxyResponse response = context.request().release().response();
    if (isTimeout(failure)) {
      return ProblemResponses.fill(response, 504, "Gateway Timeout", "backend '" + backend + "' did not answer in time");
    }
    return ProblemResponses.fill(response, 502, "Bad Gateway", "backend '" + backend + "' could not be reached");
  }

  private static boolean isTimeout(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException || t instanceof ConnectTimeoutException
          || t.getClass().getSimpleName().contains("Timeout")) {
        return true;
      }
    }
    return false;
  }
}
