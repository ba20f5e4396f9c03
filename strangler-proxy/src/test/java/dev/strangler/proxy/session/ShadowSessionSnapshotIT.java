package dev.strangler.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.route.ShadowPolicy;
import dev.strangler.proxy.shadow.ShadowResults.DropReason;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import dev.strangler.testsupport.RedisServerProcess;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Session snapshots of sandboxed copies on a real proxy, real fake backends on loopback and a real Redis: the candidate
 * gets the session's cart as it was when the request arrived, though the monolith clears it as soon as the request
 * reaches it; null for an absent attribute; no header without a session; and with the session Redis down the copy is
 * dropped while the client is served as ever.
 */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class ShadowSessionSnapshotIT {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String CART = "{\"ACME-00001\":2,\"ACME-00007\":1}";
  private SnapshotProxy proxy;
  private RedisServerProcess ownRedis;

  @AfterEach
  void stop() {
    if (proxy != null) {
      proxy.stop();
    }
    if (ownRedis != null) {
      ownRedis.close();
    }
  }

  private SpringSessions start(Vertx vertx, RedisNamespace ns) {
    proxy = new SnapshotProxy(vertx, ns.endpoint(), SpringSessions.namespace(ns));
    return SpringSessions.of(ns);
  }

  @Test
  void theCandidateGetsTheCartAsItWasWhenTheRequestArrivedThoughTheMonolithClearedIt(Vertx vertx, RedisNamespace ns) {
    SpringSessions sessions = start(vertx, ns);
    String id = sessions.loggedInWithCart(3, "customer003@acme.test", CART);

    SnapshotProxy.Reply reply = proxy.post("/api/orders", id);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).isEqualTo("legacy");
    assertThat(sessions.hash(id)).as("the monolith cleared the cart before it answered").doesNotContainKey("sessionAttr:cart");
    await().atMost(WAIT).until(() -> proxy.candidate.requests() == 1);
    assertThat(proxy.candidate.last().get(ShadowPolicy.SANDBOX_HEADER)).isEqualTo("1");
    assertThat(proxy.lastSnapshot()).isEqualTo(new JsonObject().put("cart", new JsonObject(CART)));
    assertThat(proxy.candidate.last().getAll(ShadowPolicy.SANDBOX_SESSION_HEADER)).hasSize(1);
    assertThat(proxy.legacySeen).singleElement().satisfies(primary -> assertThat(primary.names())
        .as("the monolith reads its own session").noneMatch(h -> h.toLowerCase().startsWith("x-strangler-")));
    assertThat(proxy.drops.all()).isZero();
  }

  @Test
  void aSessionWithoutTheAttributeGivesNull(Vertx vertx, RedisNamespace ns) {
    SpringSessions sessions = start(vertx, ns);
    String id = sessions.loggedIn(4, "customer004@acme.test", 0);

    assertThat(proxy.post("/api/orders", id).status()).isEqualTo(200);

    await().atMost(WAIT).until(() -> proxy.candidate.requests() == 1);
    JsonObject snapshot = proxy.lastSnapshot();
    assertThat(snapshot.fieldNames()).containsExactly("cart");
    assertThat(snapshot.getValue("cart")).isNull();
  }

  @Test
  void aSessionIdNamingNoSessionGivesNullToo(Vertx vertx, RedisNamespace ns) {
    start(vertx, ns);

    assertThat(proxy.post("/api/orders", "0b6f1c2e-no-such-session").status()).isEqualTo(200);

    await().atMost(WAIT).until(() -> proxy.candidate.requests() == 1);
    assertThat(proxy.lastSnapshot()).isEqualTo(new JsonObject().putNull("cart"));
  }

  @Test
  void aRequestWithoutTheSessionCookieIsCopiedWithoutASnapshot(Vertx vertx, RedisNamespace ns) {
    start(vertx, ns);

    assertThat(proxy.post("/api/orders", null).status()).isEqualTo(200);

    await().atMost(WAIT).until(() -> proxy.candidate.requests() == 1);
    assertThat(proxy.candidate.last().get(ShadowPolicy.SANDBOX_HEADER)).isEqualTo("1");
    assertThat(proxy.candidate.last().get(ShadowPolicy.SANDBOX_SESSION_HEADER)).isNull();
    assertThat(proxy.drops.all()).isZero();
  }

  @Test
  void aRouteWithoutSandboxSessionSendsNoSnapshot(Vertx vertx, RedisNamespace ns) {
    SpringSessions sessions = start(vertx, ns);
    String id = sessions.loggedInWithCart(5, "customer005@acme.test", CART);

    assertThat(proxy.post("/api/quick", id).status()).isEqualTo(200);

    await().atMost(WAIT).until(() -> proxy.candidate.requests() == 1);
    assertThat(proxy.candidate.last().get(ShadowPolicy.SANDBOX_HEADER)).isEqualTo("1");
    assertThat(proxy.candidate.last().get(ShadowPolicy.SANDBOX_SESSION_HEADER)).isNull();
  }

  @Test
  void aSnapshotHeaderAClientSendsNeverReachesAnyBackend(Vertx vertx, RedisNamespace ns) {
    SpringSessions sessions = start(vertx, ns);
    String forged = java.util.Base64.getUrlEncoder().encodeToString("{\"cart\":{\"ACME-00001\":99}}".getBytes());
    String id = sessions.loggedInWithCart(6, "customer006@acme.test", CART);

    assertThat(proxy.post("/plain", id, ShadowPolicy.SANDBOX_SESSION_HEADER, forged).status()).isEqualTo(200);
    assertThat(proxy.post("/api/orders", null, ShadowPolicy.SANDBOX_SESSION_HEADER, forged).status()).isEqualTo(200);
    await().atMost(WAIT).until(() -> proxy.candidate.requests() == 1);
    assertThat(proxy.candidate.last().get(ShadowPolicy.SANDBOX_SESSION_HEADER)).as("no session: no snapshot, forged or not")
        .isNull();
    assertThat(proxy.post("/api/orders", id, "x-strangler-sandbox-session", forged).status()).isEqualTo(200);
    await().atMost(WAIT).until(() -> proxy.candidate.requests() == 2);

    assertThat(proxy.candidate.last().getAll(ShadowPolicy.SANDBOX_SESSION_HEADER)).as("only the proxy's own").hasSize(1);
    assertThat(proxy.lastSnapshot()).isEqualTo(new JsonObject().put("cart", new JsonObject(CART)));
    assertThat(proxy.legacySeen).hasSize(3).allSatisfy(seen -> assertThat(seen.get(ShadowPolicy.SANDBOX_SESSION_HEADER)).isNull());
  }

  @Test
  void withTheSessionRedisDownTheCopyIsDroppedAndTheClientIsStillServedByTheMonolith(Vertx vertx) {
    ownRedis = RedisServerProcess.start();
    SpringSessions sessions = new SpringSessions(ownRedis.endpoint(), "acme:session");
    proxy = new SnapshotProxy(vertx, ownRedis.endpoint(), "acme:session");
    String id = sessions.loggedInWithCart(7, "customer007@acme.test", CART);
    assertThat(proxy.post("/api/orders", id).status()).isEqualTo(200);
    await().atMost(WAIT).until(() -> proxy.candidate.requests() == 1);

    ownRedis.kill();
    SnapshotProxy.Reply reply = proxy.post("/api/orders", id);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).isEqualTo("legacy");
    assertThat(proxy.legacySeen).hasSize(2);
    assertThat(proxy.drops.of(DropReason.SESSION_SNAPSHOT)).isEqualTo(1);
    assertThat(proxy.candidate.requests()).as("no copy without its snapshot").isEqualTo(1);
    MultiMap primary = proxy.legacySeen.get(1);
    assertThat(primary.get("Cookie")).as("the primary forwarded unchanged").isEqualTo("SESSION=" + SpringSessions.cookie(id));
  }
}
