package dev.strangler.proxy.capture;

import dev.strangler.compare.capture.CaptureLines;
import dev.strangler.compare.capture.CapturedExchange;
import dev.strangler.compare.capture.CapturedRequest;
import dev.strangler.compare.capture.CapturedResponse;
import dev.strangler.proxy.forward.ContextKey;
import dev.strangler.proxy.forward.RouteStep;
import dev.strangler.proxy.forward.RoutingDecision;
import dev.strangler.proxy.forward.RoutingInterceptor;
import dev.strangler.proxy.redact.BodyRedaction;
import dev.strangler.proxy.redact.FormFields;
import dev.strangler.proxy.route.CapturePolicy;
import dev.strangler.proxy.route.CohortSplit;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Records a sample of a route's exchanges as the client saw them: the request as it arrived (URI before any rewrite,
 * query fields matching the route's redaction rules redacted)
 * and the response as it left, answers of the proxy itself included (a 429, a cache hit, a 401, a 502). Runs first,
 * before the rate limit, and looks at the response last, after every header change. Both bodies are copied as they
 * stream, up to the route's cap; once the response has ended the record is redacted ({@link HeaderRedaction},
 * {@link BodyRedaction}), written as one capture line and handed to the {@link CaptureSink}. Never answers a request,
 * never delays one. One per event loop.
 */
public final class CaptureStep implements RouteStep {

  private static final ContextKey<Recording> RECORDING = ContextKey.of("capture", Recording.class);

  private final CaptureSink.Writer writer;
  private final String sessionCookie;
  private final CaptureEvents events;

  /** What session buckets are salted with: the same on every route. */
  static final String SESSION_SALT = "capture";

  /** {@code writer} null: the proxy has no Redis for the capture, so every sampled exchange is dropped and counted. */
  public CaptureStep(CaptureSink.Writer writer, String sessionCookie, CaptureEvents events) {
    this.writer = writer;
    this.sessionCookie = Objects.requireNonNull(sessionCookie, "sessionCookie == null");
    this.events = Objects.requireNonNull(events, "events == null");
  }

  /** What is known of a sampled exchange until its response has ended. */
  private static final class Recording {
    final Instant at = Instant.now();
    final long start = System.nanoTime();
    final CapturePolicy policy;
    final RoutingDecision decision;
    final String method;
    final String uri;
    final Map<String, List<String>> requestHeaders;
    final String session;
    final boolean requestHasBody;
    BoundedCopy requestBody;
    BoundedCopy responseBody;

    Recording(CapturePolicy policy, RoutingDecision decision, HttpServerRequest incoming, String session) {
      this.policy = policy;
      this.decision = decision;
      this.method = incoming.method().name();
      this.uri = FormFields.redactQuery(incoming.uri(), policy.redact());
      this.requestHeaders = HeaderRedaction.redacted(incoming.headers());
      this.session = session;
      String length = incoming.getHeader("Content-Length");
      this.requestHasBody = incoming.headers().contains("Transfer-Encoding") || (length != null && !length.trim().equals("0"));
    }
  }

  @Override
  public Future<ProxyResponse> onRequest(ProxyContext context, Request request) {
    CapturePolicy policy = request.decision().match().route().options().capture();
    if (policy == null || context.isWebSocket()) {
      return Future.succeededFuture();
    }
    ProxyRequest proxied = context.request();
    HttpServerRequest incoming = proxied.proxiedRequest();
    Cookie cookie = incoming.getCookie(sessionCookie);
    if (!sampled(policy, cookie)) {
      return Future.succeededFuture();
    }
    if (writer == null) {
      events.dropped(request.decision().routeId(), CaptureEvents.DropReason.NO_REDIS);
      return Future.succeededFuture();
    }
    Recording recording = new Recording(policy, request.decision(), incoming,
        SessionPseudonym.of(cookie == null ? null : cookie.getValue()));
    Body body = proxied.getBody();
    if (body != null) {
      recording.requestBody = new BoundedCopy(body.stream(), policy.maxBodyBytes());
      proxied.setBody(Body.body(recording.requestBody, body.length(), body.mediaType()));
    }
    RECORDING.set(context, recording);
    return Future.succeededFuture();
  }

  @Override
  public void onResponse(ProxyContext context, Request request) {
    Recording recording = RECORDING.get(context);
    if (recording == null) {
      return;
    }
    ProxyResponse response = context.response();
    Body body = response.getBody();
    if (body != null) {
      recording.responseBody = new BoundedCopy(body.stream(), recording.policy.maxBodyBytes());
      response.setBody(Body.body(recording.responseBody, body.length(), body.mediaType()));
    }
    String servedBy = RoutingInterceptor.servedBy(context);
    HttpServerResponse out = context.request().proxiedRequest().response();
    // Fires once the whole answer is written: a response cut short is never recorded.
    out.bodyEndHandler(v -> writer.write(recording.decision.routeId(), line(recording, out, servedBy)));
  }

  private static String line(Recording r, HttpServerResponse out, String servedBy) {
    double latencyMs = (System.nanoTime() - r.start) / 1_000_000.0;
    CapturePolicy policy = r.policy;
    BoundedCopy in = r.requestBody;
    boolean requestCut = in == null ? r.requestHasBody : in.truncated() || (!in.ended() && r.requestHasBody);
    BodyRedaction.Result request = BodyRedaction.redact(in == null ? new byte[0] : in.bytes(), requestCut,
        r.requestHeaders, policy.redact(), policy.maxBodyBytes());
    Map<String, List<String>> requestHeaders = rewritten(r.requestHeaders, request);
    Map<String, List<String>> responseHeaders = HeaderRedaction.redacted(out.headers());
    BoundedCopy copy = r.responseBody;
    BodyRedaction.Result response = BodyRedaction.redact(copy == null ? new byte[0] : copy.bytes(),
        copy != null && copy.truncated(), responseHeaders, policy.redact(), policy.maxBodyBytes());
    responseHeaders = rewritten(responseHeaders, response);
    String sideEffect = r.decision.match().route().sideEffect().name().toLowerCase(Locale.ROOT);
    return CaptureLines.write(new CapturedExchange(r.at, r.decision.routeId(), r.decision.epoch(), r.session, sideEffect,
        new CapturedRequest(r.method, r.uri, requestHeaders, request.body(), request.truncated()),
        new CapturedResponse(out.getStatusCode(), responseHeaders, response.body(), response.truncated(), latencyMs,
            servedBy)));
  }

  /** The headers of a body redaction wrote anew: its length, and once decoded its encoding, no longer describe it. */
  private static Map<String, List<String>> rewritten(Map<String, List<String>> headers, BodyRedaction.Result body) {
    if (!body.redacted()) {
      return headers;
    }
    Map<String, List<String>> copy = new java.util.LinkedHashMap<>(headers);
    copy.remove("content-length");
    if (body.decoded()) {
      copy.remove("content-encoding");
    }
    return copy;
  }

  /**
   * Whether this request is in the sample: its session's bucket under {@link CapturePolicy.Sampling#SESSION} (salted
   * alike on every route, so one session is in or out everywhere), else at random.
   */
  private static boolean sampled(CapturePolicy policy, Cookie session) {
    double percent = policy.percent();
    if (percent >= 100 || percent <= 0) {
      return percent >= 100;
    }
    if (policy.sample() == CapturePolicy.Sampling.SESSION && session != null && !session.getValue().isEmpty()) {
      return CohortSplit.bucket(SESSION_SALT, session.getValue()) < percent * (CohortSplit.BUCKETS / 100.0);
    }
    return ThreadLocalRandom.current().nextDouble(100) < percent;
  }

  public Future<Void> close() {
    return writer == null ? Future.succeededFuture() : writer.close();
  }
}
