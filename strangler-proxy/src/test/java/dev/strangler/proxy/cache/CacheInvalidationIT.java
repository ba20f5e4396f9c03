package dev.strangler.proxy.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.ProxyOnLoopback;
import dev.strangler.proxy.ProxyOnLoopback.Reply;
import dev.strangler.proxy.ScriptedBackend;
import dev.strangler.proxy.route.RouteTableCodec;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.StreamEntryID;

/**
 * Eviction configured, not coded: events appended to the streams as the relay does evict the cached answers the
 * table's cacheInvalidation rules name, on every proxy instance.
 */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class CacheInvalidationIT {

  private static final String TABLE = """
      apiVersion: strangler/v1
      backends: {legacy: {urls: ["%s"]}}
      routes:
        - id: product
          match: {path: "/api/products/{sku}", methods: [GET]}
          target: legacy
          cache: {ttl: 60s, tags: ["product:{sku}"]}
        - id: products
          match: {path: /api/products, methods: [GET]}
          target: legacy
          cache: {ttl: 60s, tags: ["products:list"]}
      %s
      """;
  private static final String RULES = """
      cacheInvalidation:
        - {stream: product, tag: "product:{aggregateId}"}
        - {stream: product, type: ProductCreated, tag: "products:list"}
        - {stream: product, type: PriceChanged, tag: "products:list"}
      """;

  private final AtomicLong sequence = new AtomicLong(1000);
  private Vertx vertx;
  private RedisNamespace ns;
  private ScriptedBackend backend;
  private ProxyOnLoopback proxy;

  @BeforeEach
  void start(Vertx vertx, RedisNamespace ns) {
    this.vertx = vertx;
    this.ns = ns;
    backend = ScriptedBackend.start(vertx);
    proxy = ProxyOnLoopback.start(vertx, TABLE.formatted(backend.url(), RULES), ResponseCacheIT.options(ns), null);
    vertx.deployVerticle(new CacheInvalidator(proxy.live(), ResponseCacheIT.options(ns), proxy.metrics(), Duration.ofMillis(200)))
        .await();
  }

  @Test
  void anEventEvictsTheAnswersCarryingTheTagItsRuleNamesAndNoOthers() {
    cached("/api/products/ACME-00001");
    cached("/api/products/ACME-00002");
    cached("/api/products");

    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      append("ProductUpdated", "ACME-00001");
      assertThat(state("/api/products/ACME-00001")).isEqualTo("miss");
    });

    assertThat(state("/api/products/ACME-00002")).isEqualTo("hit");
    assertThat(state("/api/products")).as("ProductUpdated names no list rule").isEqualTo("hit");
    assertThat(proxy.metrics().scrape()).contains("strangler_cache_evictions_total{stream=\"product\",tag=\"product:{aggregateId}\"}");
  }

  @Test
  void aRuleWithATypeAppliesToThatTypeOnly() {
    cached("/api/products");
    cached("/api/products/ACME-00003");

    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      append("ProductCreated", "ACME-00003");
      assertThat(state("/api/products")).isEqualTo("miss");
    });
    assertThat(state("/api/products/ACME-00003")).as("the aggregate's own rule applies too").isEqualTo("miss");
  }

  @Test
  void rulesComeAndGoWithTheRouteTable() {
    proxy.live().offer(2, RouteTableCodec.parse(TABLE.formatted(backend.url(), "")), "test");
    cached("/api/products/ACME-00004");
    append("ProductUpdated", "ACME-00004");
    assertThat(state("/api/products/ACME-00004")).as("no rule: nothing evicted").isEqualTo("hit");

    proxy.live().offer(3, RouteTableCodec.parse(TABLE.formatted(backend.url(), RULES)), "test");

    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      append("ProductUpdated", "ACME-00004");
      assertThat(state("/api/products/ACME-00004")).isEqualTo("miss");
    });
  }

  @Test
  void anAnswerLookedUpBeforeItsTagWasEvictedIsNotKept() {
    backend.answer(req -> vertx.setTimer(1500, id -> req.response().end("stale")));
    // The request looks the cache up (a miss), then the backend takes its time while the event evicts the tag.
    var slow = vertx.executeBlocking(() -> proxy.get("/api/products/ACME-00005"));
    await().atMost(Duration.ofSeconds(5)).until(() -> backend.requests() == 1);
    append("ProductUpdated", "ACME-00005");
    await().atMost(Duration.ofSeconds(5)).until(() -> ns.keys().contains(ns.key("{cache}:evicted:product:ACME-00005")));

    assertThat(slow.await().body()).isEqualTo("stale");
    backend.answer(req -> req.response().end("fresh"));
    assertThat(proxy.get("/api/products/ACME-00005").body()).as("the stale answer was not kept").isEqualTo("fresh");
  }

  @Test
  void anAnswerCachedAgainBeforeTheServiceAppliedTheEventIsEvictedASecondLater() {
    backend.answer(req -> req.response().end("before"));
    cached("/api/products/ACME-00006");
    append("PriceChanged", "ACME-00006");
    await().atMost(Duration.ofSeconds(5)).until(() -> ns.keys().contains(ns.key("{cache}:evicted:product:ACME-00006")));
    // The service behind has not applied the event yet: its old answer is cached again after the eviction.
    cached("/api/products/ACME-00006");
    backend.answer(req -> req.response().end("after"));

    await().atMost(CacheInvalidator.SECOND_EVICTION_AFTER.plusSeconds(3))
        .until(() -> proxy.get("/api/products/ACME-00006").body(), "after"::equals);
  }

  private void cached(String path) {
    proxy.get(path);
    await().atMost(Duration.ofSeconds(5)).until(() -> state(path), "hit"::equals);
  }

  private String state(String path) {
    Reply reply = proxy.get(path);
    return reply.header(ResponseCache.DEBUG_HEADER);
  }

  /** Appends an event to the product stream exactly as the relay does (entry id {@code <sequence>-0}). */
  private void append(String type, String sku) {
    long seq = sequence.incrementAndGet();
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("eventId", java.util.UUID.randomUUID().toString());
    fields.put("type", type);
    fields.put("aggregateType", "Product");
    fields.put("aggregateId", sku);
    fields.put("sequence", Long.toString(seq));
    fields.put("occurredAt", "2026-01-01T00:00:00Z");
    fields.put("payload", "{\"sku\":\"" + sku + "\",\"price\":9.99}");
    try (var jedis = ns.endpoint().connect()) {
      jedis.xadd(ns.key("events:product"), new StreamEntryID(seq, 0), fields);
    }
  }
}
