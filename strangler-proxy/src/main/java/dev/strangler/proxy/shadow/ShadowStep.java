package dev.strangler.proxy.shadow;

import dev.strangler.proxy.edge.HeaderPolicy;
import dev.strangler.proxy.forward.BoundedTee;
import dev.strangler.proxy.forward.ContextKey;
import dev.strangler.proxy.forward.DiscoveredBackends;
import dev.strangler.proxy.forward.RouteStep;
import dev.strangler.proxy.route.BackendDefinition;
import dev.strangler.proxy.route.RouteDefinition;
import dev.strangler.proxy.route.RouteTable;
import dev.strangler.proxy.route.ShadowPolicy;
import dev.strangler.proxy.route.Target;
import dev.strangler.proxy.session.SessionGate;
import dev.strangler.proxy.shadow.ShadowResults.DropReason;
import dev.strangler.proxy.table.LiveRouteTable;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The route step of shadow routes: for a sampled request of a safe or idempotent route, or of a sandboxed unsafe one,
 * within its in-flight budget, it tees the request body into a bounded copy as the primary streams it, sends the copy
 * to the candidate (and, to learn noise, a second one to the monolith, never for a sandboxed copy) once the body has
 * ended, keeps the primary's answer as it streams to the client, and has the two compared ({@link Mirror}). It never
 * answers or fails the client's request; it delays it only on a route with a session snapshot
 * ({@code shadow.sandboxSession}), by one Redis read bounded by the session lookup timeout. One per event loop.
 */
public final class ShadowStep implements RouteStep {

  /** Marks every copy, so a candidate (or the monolith) can tell shadow traffic from real. */
  public static final String HEADER = "X-Strangler-Shadow";
  /** What the forwarding answers when the client left before the primary's answer (nginx's 499). */
  private static final int CLIENT_CLOSED = 499;
  private static final ContextKey<Mirror> MIRROR = ContextKey.of("shadow", Mirror.class);
  /** Request headers not copied: the copy has its own framing and host. */
  private static final List<String> NOT_COPIED = List.of("host", "content-length", "transfer-encoding", "expect");

  private final Shadowing shadowing;
  private final ShadowClient client;
  private final LiveRouteTable live;
  private final DiscoveredBackends discovered;
  private final SessionGate sessions;
  private final Context context;

  /**
   * Create on the event loop's context: copies, timers and results run on it. With {@code sessions} on, a copy to an
   * extracted candidate carries that candidate's own identity token when the request has a logged-in session. Copies to
   * https candidates trust {@code backendTrust} (null: the JVM's trust store), as forwarding does.
   */
  public ShadowStep(Vertx vertx, Shadowing shadowing, LiveRouteTable live, DiscoveredBackends discovered,
                    SessionGate sessions, io.vertx.core.net.TrustOptions backendTrust) {
    this.shadowing = shadowing;
    this.live = live;
    this.discovered = discovered;
    this.sessions = sessions;
    this.client = new ShadowClient(vertx, shadowing.options(), discovered, backendTrust);
    this.context = vertx.getOrCreateContext();
  }

  @Override
  public Future<ProxyResponse> onRequest(ProxyContext proxyContext, Request request) {
    RouteDefinition route = request.decision().match().route();
    if (!(route.target() instanceof Target.Shadow target) || !sampled(target.percent())) {
      return Future.succeededFuture();
    }
    ShadowResults results = shadowing.results();
    ShadowPolicy policy = route.options().shadowOrDefaults();
    if (!policy.copies(route.sideEffect(), target.candidate())) {
      results.dropped(route.id(), DropReason.UNSAFE); // a write is copied only to a sandbox
      return Future.succeededFuture();
    }
    if (client.resting(target.candidate())) {
      results.dropped(route.id(), DropReason.CANDIDATE_DOWN); // it refused connections lately: no attempt per request
      return Future.succeededFuture();
    }
    if (declaredLength(proxyContext.request()) > policy.maxBodyBytes()) {
      results.dropped(route.id(), DropReason.BODY_TOO_LARGE);
      return Future.succeededFuture();
    }
    if (!shadowing.budget().tryAcquire(route.id(), policy.maxInFlight())) {
      results.dropped(route.id(), DropReason.IN_FLIGHT_BUDGET);
      return Future.succeededFuture();
    }
    if (!policy.snapshotsSession() || !request.session().hasCookie()) {
      mirror(proxyContext, request, target, policy, null);
      return Future.succeededFuture();
    }
    // The one place shadowing delays the primary: the snapshot must be read before the primary can change the session.
    return SessionSnapshot.take(request.session(), policy.sandboxSession()).transform(taken -> {
      if (taken.failed()) {
        shadowing.budget().release(route.id());
        results.dropped(route.id(), DropReason.SESSION_SNAPSHOT);
      } else {
        mirror(proxyContext, request, target, policy, taken.result());
      }
      return Future.succeededFuture();
    });
  }

  /** Starts the mirror of an admitted request: tees its body and sends its copy once the body has ended. */
  private void mirror(ProxyContext proxyContext, Request request, Target.Shadow target, ShadowPolicy policy,
                      String snapshot) {
    RouteDefinition route = request.decision().match().route();
    ProxyRequest proxied = proxyContext.request();
    Mirror mirror = new Mirror(new Mirror.About(Instant.now(), route.id(), request.decision().epoch(),
        proxied.getMethod().name(), proxied.proxiedRequest().uri(), target, policy, policy.sandbox()), shadowing, context);
    MIRROR.set(proxyContext, mirror);
    // Called only when the connection closes before the answer was written: the client left.
    proxied.proxiedRequest().response().closeHandler(v -> mirror.clientGone());
    Body body = proxied.getBody();
    if (body == null) {
      // Let the forwarding finish preparing the request (rewrite, route headers) before it is copied.
      context.runOnContext(v -> mirror.bodyEnded(Buffer.buffer(),
          backend -> copy(proxied, request, backend, Buffer.buffer(), policy, snapshot)));
    } else {
      proxied.setBody(Body.body(new BoundedTee(body.stream(), policy.maxBodyBytes(), new BoundedTee.Sink() {
        @Override
        public void overflowed() {
          mirror.bodyTooLarge();
        }

        @Override
        public void ended(Buffer copy) {
          mirror.bodyEnded(copy, backend -> copy(proxied, request, backend, copy, policy, snapshot));
        }
      }), body.length(), body.mediaType()));
    }
  }

  @Override
  public void onResponse(ProxyContext proxyContext, Request request) {
    Mirror mirror = MIRROR.get(proxyContext);
    if (mirror == null) {
      return;
    }
    ProxyResponse response = proxyContext.response();
    int status = response.getStatusCode();
    if (status == CLIENT_CLOSED || proxyContext.request().proxiedRequest().response().closed()) {
      mirror.primaryAnswered(null); // the client left: this answer is the proxy's, not the primary's
      return;
    }
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(response.headers());
    Body body = response.getBody();
    long cap = request.decision().match().route().options().shadowOrDefaults().maxBodyBytes();
    if (body == null) {
      mirror.primaryAnswered(Answer.of(status, headers, new byte[0], mirror.elapsedNanos()));
      return;
    }
    response.setBody(Body.body(new BoundedTee(body.stream(), cap, copy -> mirror.primaryAnswered(copy == null ? null
        : Answer.of(status, headers, copy.getBytes(), mirror.elapsedNanos()))), body.length(), body.mediaType()));
  }

  public Future<Void> close() {
    return client.close();
  }

  /**
   * The request as the primary got it (rewritten, with the route's headers), to {@code backend}, marked as a copy. It
   * waits (off the client's path) for what the primary path would have had first: one discovery lookup of a service
   * not looked up yet, and the request's session for an extracted backend's identity token. A sandboxed copy carries
   * the session {@code snapshot} taken when the request arrived (null: none).
   */
  private ShadowClient.Call copy(ProxyRequest proxied, RouteStep.Request request, String backend, Buffer body,
                                 ShadowPolicy policy, String snapshot) {
    RouteTable table = live.current();
    BackendDefinition definition = table.backend(backend);
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(proxied.headers());
    HeaderPolicy.stripNamespace(headers); // the primary's identity token is not for the candidate
    NOT_COPIED.forEach(headers::remove);
    headers.set(HEADER, "1");
    if (policy.sandbox()) {
      headers.set(ShadowPolicy.SANDBOX_HEADER, "1"); // the candidate keeps the write's effects in its sandbox
    }
    if (snapshot != null && !Target.LEGACY_BACKEND.equals(backend)) {
      headers.set(ShadowPolicy.SANDBOX_SESSION_HEADER, snapshot);
    }
    Future<?> ready = Future.succeededFuture();
    if (definition != null && definition.service() != null && !discovered.knows(definition.service())) {
      ready = discovered.lookUpNow(definition.service());
    }
    if (!Target.LEGACY_BACKEND.equals(backend)) {
      // Never refuses (requireSession false): a copy without a session goes anonymous, as it would have been answered.
      ready = ready.compose(v -> sessions.admit(request.session(), headers, backend, table.audience(backend), false));
    }
    java.util.function.Supplier<ShadowClient.Call> send = () -> {
      URI url = client.pick(backend, live.current().backend(backend));
      return url == null ? ShadowClient.failed("backend '" + backend + "' has no instance")
          : client.send(backend, url, proxied.getMethod(), proxied.getURI(), headers, body, policy.maxBodyBytes());
    };
    return ready.succeeded() ? send.get() : ShadowClient.after(ready, context, send);
  }

  /** Whether this request is copied: {@code percent} of requests, drawn one by one. */
  static boolean sampled(int percent) {
    return percent >= 100 || (percent > 0 && ThreadLocalRandom.current().nextInt(100) < percent);
  }

  private static long declaredLength(ProxyRequest request) {
    String declared = request.proxiedRequest().getHeader("Content-Length");
    try {
      return declared == null ? -1 : Long.parseLong(declared.trim());
    } catch (NumberFormatException e) {
      return -1; // the edge refuses it before any route step
    }
  }
}
