package dev.strangler.proxy.forward;

import dev.strangler.proxy.overload.Admission;
import dev.strangler.proxy.overload.ShedReason;
import dev.strangler.proxy.route.RouteDefinition;
import dev.strangler.proxy.route.RouteTable;
import dev.strangler.proxy.route.Target;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.Future;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyResponse;
import java.net.URI;
import java.util.concurrent.TimeoutException;

/**
 * Sends one routed request upstream and always answers: through the extracted backend's circuit
 * breaker, back to the monolith when a fallback route's extracted side can't take it (replaying the
 * held body), feeding outlier detection, and turning failures into 502/504 problems.
 */
final class UpstreamCall {

  /** The status recorded for a request whose client left before the answer (nginx's convention). */
  static final int CLIENT_CLOSED = 499;
  /** One warning per event loop per this long when requests fail, not one per request. */
  private static final long WARN_EVERY_NANOS = 10_000_000_000L;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(UpstreamCall.class);
  /** Bytes of the request's answer held from the process's budget, given back when its response is done. */
  private static final ContextKey<Long> HELD_BYTES = ContextKey.of("heldAnswerBytes", Long.class);

  private final Backends backends;
  private final BackendBreakers breakers;
  private final Admission admission;
  private final ForwardingEvents events;
  private long lastWarning = System.nanoTime() - WARN_EVERY_NANOS;

  /**
   * {@code breakers} may be null: no breaker then; {@code admission} answers for a backend whose pool queue is full;
   * {@code events} hear of answers cut because their body stalled.
   */
  UpstreamCall(Backends backends, BackendBreakers breakers, Admission admission, ForwardingEvents events) {
    this.backends = backends;
    this.breakers = breakers;
    this.admission = admission;
    this.events = events;
  }

  /**
   * Sends the request to the routed backend (through its breaker when extracted). With a held body,
   * a failure, timeout or 5xx of the extracted side sends the same request to the monolith; so does a body cut part way
   * when the answer is held ({@code holdAnswer} bytes at most, 0: streamed), before the client has any of it.
   */
  Future<ProxyResponse> send(ProxyContext context, RouteDefinition route, RoutingDecision decision,
                                     RouteTable table, ReplayableBody replay, long holdAnswer) {
    if (replay != null) {
      replay.applyTo(context.request());
    }
    Future<ProxyResponse> sent = breakers == null || Target.LEGACY_BACKEND.equals(decision.backend())
        ? sendOnce(context)
        : throughBreaker(context, route, decision, table);
    if (replay == null) {
      return sent.recover(failure -> Future.succeededFuture(failed(context, failure)));
    }
    Future<ProxyResponse> first = holdAnswer > 0 ? sent.compose(response -> hold(context, response, holdAnswer)) : sent;
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
   * Holds a good answer of the extracted side until its body has ended ({@link HeldAnswer}): a body cut part way fails the
   * returned future (outlier detection and the breaker have counted it), so the monolith can stand in. The monolith's own
   * answers, 5xx (replaced anyway), bodiless ones and those declaring more than {@code bound} bytes are passed on as they are.
   */
  private Future<ProxyResponse> hold(ProxyContext context, ProxyResponse response, long bound) {
    io.vertx.httpproxy.Body body = response.getBody();
    int status = response.getStatusCode();
    if (body == null || status >= 500 || status < 200 || status == 204 || status == 304 || body.length() > bound
        || Boolean.TRUE.equals(UpstreamOrigin.FELL_BACK.get(context))) {
      return Future.succeededFuture(response);
    }
    return HeldAnswer.hold(body, bound, admission).map(held -> {
      response.setBody(held.body());
      if (context.request().proxiedRequest().response().closed()) {
        admission.releaseBytes(held.heldBytes()); // the client left meanwhile: its response is already done
      } else {
        HELD_BYTES.set(context, held.heldBytes());
      }
      return response;
    });
  }

  /** Gives back the bytes of the request's held answer to the process's budget; call once its response is done. */
  void releaseHeld(ProxyContext context) {
    Long held = HELD_BYTES.get(context);
    if (held != null) {
      HELD_BYTES.set(context, null);
      admission.releaseBytes(held);
    }
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
        if (ar.failed() && poolFull(ar.cause())) {
          attempt.complete(failed(context, ar.cause())); // the proxy's own queue was full: not the backend's failure
        } else if (ar.failed()) {
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
        .onSuccess(response -> {
          UpstreamOrigin.answered(context);
          limitIdleBody(context, response);
          if (response.getStatusCode() >= 500) {
            outcome(context, false);
          } else {
            watchBody(context, response);
          }
        })
        .recover(sent -> {
          UpstreamOrigin.answered(context);
          Throwable failure = ResponseTimeout.cause(sent);
          if (clientGone(context, failure)) {
            // The client went away, so vertx-http-proxy reset the request to the backend: not the backend's failure
            // (no ejection, no breaker count, no fallback), and recorded as nginx's 499 rather than a 502.
            return Future.succeededFuture(ProblemResponses.fill(context.request().release().response(), CLIENT_CLOSED,
                "Client Closed Request", "the client closed its connection before the answer"));
          }
          outcome(context, false);
          return Future.failedFuture(failure);
        });
  }

  /**
   * Whether the request failed because its client left: vertx-http-proxy resets the backend request with code 0 when
   * the client's connection fails (nothing else here resets one), and the client's response may already be closed.
   */
  private static boolean clientGone(ProxyContext context, Throwable failure) {
    return (failure instanceof io.vertx.core.http.StreamResetException reset && reset.getCode() == 0)
        || context.request().proxiedRequest().response().closed();
  }

  /** The monolith's URLs, picked when asked (so routes that never fall back don't turn its rotation). */
  java.util.function.Supplier<java.util.List<URI>> legacy(RouteTable table) {
    return () -> backends.candidates(Target.LEGACY_BACKEND, table.backend(Target.LEGACY_BACKEND));
  }

  /** The backend's breaker is open: nothing goes to it; fallback routes go to the monolith, others get a 503. */
  private Future<ProxyResponse> circuitOpen(ProxyContext context, RouteDefinition route, RoutingDecision decision, RouteTable table) {
    if (RoutingInterceptor.fallsBackToLegacy(route, decision)) {
      return toLegacy(context, decision, table);
    }
    return Future.succeededFuture(ProblemResponses.fill(context.request().release().response(), 503, "Service Unavailable",
        "backend '" + decision.backend() + "' is failing; its circuit is open"));
  }

  /** Sends the request to the monolith instead of the routed backend, which gets nothing (a fallback). */
  Future<ProxyResponse> toLegacy(ProxyContext context, RoutingDecision decision, RouteTable table) {
    UpstreamOrigin.Origin origin = UpstreamOrigin.ORIGIN.get(context);
    UpstreamOrigin.ORIGIN.set(context, new UpstreamOrigin.Origin(decision.backend(), java.util.List.of(), legacy(table),
        origin.connectTimeout(), origin.responseTimeout(), backends));
    return sendOnce(context).recover(failure -> Future.succeededFuture(failed(context, failure)));
  }

  /** Whether the proxy's own connection pool refused the request (its wait queue full): the backend never saw it. */
  static boolean poolFull(Throwable failure) {
    return failure instanceof ConnectionPoolTooBusyException;
  }

  /** A 5xx answered by the backend: a failure for its breaker, passed to the client unchanged. */
  private static final class FailedResponse extends RuntimeException {
    private final transient ProxyResponse response;

    FailedResponse(ProxyResponse response) {
      super("backend answered " + response.getStatusCode(), null, false, false);
      this.response = response;
    }
  }

  /**
   * A good status is not yet a good answer: the body must arrive whole too. Its outcome feeds outlier detection and, for
   * an extracted backend, the breaker; a body cut because the client left (its response already closed) counts for
   * neither.
   */
  private void watchBody(ProxyContext context, ProxyResponse response) {
    io.vertx.httpproxy.Body body = response.getBody();
    if (body == null) {
      outcome(context, true);
      return;
    }
    String backend = UpstreamOrigin.SENT_TO_BACKEND.get(context);
    response.setBody(io.vertx.httpproxy.Body.body(new UpstreamBodyWatch(body.stream(), whole -> {
      if (!whole && context.request().proxiedRequest().response().closed()) {
        return;
      }
      outcome(context, whole);
      if (breakers != null && backend != null && !Target.LEGACY_BACKEND.equals(backend)) {
        breakers.bodyOutcome(backend, whole);
      }
    }), body.length(), body.mediaType()));
  }

  /**
   * The request's {@link ResponseTimeout} ends at the answer's head: from there the route's response timeout bounds the
   * wait between two chunks of the body ({@link BodyIdleTimeout}). A stalled body fails its reader (the client's connection is closed,
   * the watch counts a broken body) and its backend connection is closed.
   */
  private void limitIdleBody(ProxyContext context, ProxyResponse response) {
    io.vertx.httpproxy.Body body = response.getBody();
    if (body == null) {
      return;
    }
    io.vertx.core.http.HttpClientResponse upstream = response.proxiedResponse();
    String backend = java.util.Objects.requireNonNullElse(UpstreamOrigin.SENT_TO_BACKEND.get(context), "?");
    RoutingDecision decision = RoutingInterceptor.DECISION.get(context);
    java.time.Duration idle = UpstreamOrigin.ORIGIN.get(context).responseTimeout();
    response.setBody(io.vertx.httpproxy.Body.body(new BodyIdleTimeout(body.stream(), io.vertx.core.Vertx.currentContext(),
        idle, () -> {
          upstream.request().reset();
          events.bodyStalled(decision == null ? "?" : decision.routeId(), backend);
          warn(backend, "its answer's body sent nothing for " + idle.toMillis() + " ms: cut");
        }), body.length(), body.mediaType()));
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

  private ProxyResponse failed(ProxyContext context, Throwable failure) {
    RoutingDecision decision = RoutingInterceptor.DECISION.get(context);
    String backend = decision == null ? "?" : decision.backend();
    if (poolFull(failure)) {
      RoutingInterceptor.SHED.set(context, ShedReason.BACKEND_QUEUE);
      return admission.answer(context.request(), ShedReason.BACKEND_QUEUE, decision == null ? "?" : decision.routeId(), backend);
    }
    ProxyResponse response = context.request().release().response();
    warn(backend, failure.toString());
    if (isTimeout(failure)) {
      return ProblemResponses.fill(response, 504, "Gateway Timeout", "backend '" + backend + "' did not answer in time");
    }
    return ProblemResponses.fill(response, 502, "Bad Gateway", "backend '" + backend + "' could not be reached");
  }

  /** Logs a failed request to {@code backend}, at most once per {@link #WARN_EVERY_NANOS} on this event loop. */
  private void warn(String backend, String cause) {
    long now = System.nanoTime();
    if (now - lastWarning >= WARN_EVERY_NANOS) {
      lastWarning = now;
      LOG.warn("a request to backend '{}' failed (further failures on this event loop go unlogged for 10 s): {}", backend,
          cause);
    }
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
