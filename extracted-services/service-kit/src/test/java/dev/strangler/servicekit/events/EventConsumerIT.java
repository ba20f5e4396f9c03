package dev.strangler.servicekit.events;

import static dev.strangler.servicekit.events.WireEvents.append;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.servicekit.events.EventConsumer.Outcome;
import dev.strangler.testsupport.OnVertx;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import dev.strangler.testsupport.RedisServerProcess;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Redis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;

/** The consumer on a real Redis: idempotence, order per aggregate across consumers, graceful stop. */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class EventConsumerIT {

  private static final String GROUP = "accounting";

  private Vertx vertx;
  private RedisNamespace ns;
  private Redis redis;
  private Jedis jedis;
  private String stream;
  private String acct;
  private final List<EventConsumer> started = new ArrayList<>();
  private final Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();

  @BeforeEach
  void setUp(Vertx vertx, RedisNamespace ns) {
    this.vertx = vertx;
    this.ns = ns;
    redis = Redis.createClient(vertx, ns.endpoint().uri());
    jedis = ns.endpoint().connect();
    stream = ns.key("events:thing");
    acct = ns.key("acct:");
  }

  @AfterEach
  void tearDown() {
    started.forEach(c -> OnVertx.await(vertx, c::stop));
    jedis.close();
  }

  @Test
  void anEventDeliveredAgainIsSkippedAndAppliedOnlyOnce() {
    for (long seq = 1; seq <= 3; seq++) {
      append(jedis, stream, seq, "thing-" + seq);
    }
    start(options("c1"), AccountingConsumer.handler(acct, Duration.ZERO));
    await().until(() -> "3".equals(jedis.get(acct + "total")));

    // Every entry delivered again, as after acknowledgements lost in a crash, and event 2 re-published under a new ID.
    jedis.xgroupSetID(stream, GROUP, new StreamEntryID(0, 0));
    append(jedis, stream, 4, WireEvents.fields(2, "Counted", "Thing", "thing-2", "{\"n\":2}"));

    await().until(() -> count(Outcome.Kind.SKIPPED) == 4);
    assertThat(jedis.get(acct + "total")).isEqualTo("3");
    assertThat(jedis.hgetAll(acct + "applied")).containsOnly(Map.entry("Thing:thing-1", "1"), Map.entry("Thing:thing-2", "1"),
        Map.entry("Thing:thing-3", "1"));
    assertThat(jedis.lrange(acct + "violations", 0, -1)).isEmpty();
    await().until(() -> pending() == 0);
  }

  @Test
  void oneAggregatesEventsApplyInSequenceOrderAcrossThreeConsumers() {
    int aggregates = 10;
    int perAggregate = 60;
    long seq = 0;
    for (int round = 0; round < perAggregate; round++) {
      for (int a = 0; a < aggregates; a++) {
        append(jedis, stream, ++seq, "thing-" + a);
      }
    }
    for (String name : List.of("c1", "c2", "c3")) {
      start(options(name).withBatchSize(7), AccountingConsumer.handler(acct, Duration.ZERO));
    }
    long total = seq;

    await().until(() -> count(Outcome.Kind.APPLIED) + count(Outcome.Kind.SKIPPED) == total);
    assertThat(jedis.lrange(acct + "violations", 0, -1)).isEmpty();
    Map<String, String> last = jedis.hgetAll(acct + "last");
    for (int a = 0; a < aggregates; a++) {
      assertThat(last.get("Thing:thing-" + a)).as("last applied of thing-" + a).isEqualTo(Long.toString(total - aggregates + 1 + a));
    }
    assertThat(Long.parseLong(jedis.get(acct + "total"))).isEqualTo(count(Outcome.Kind.APPLIED));
    await().until(() -> pending() == 0);
  }

  @Test
  void aStopFinishesTheBatchInHandAcknowledgesItAndLosesNothing() {
    int events = 300;
    for (long seq = 1; seq <= events; seq++) {
      append(jedis, stream, seq, "thing-" + seq);
    }
    EventConsumer consumer = start(options("c1").withBatchSize(50), AccountingConsumer.handler(acct, Duration.ofMillis(2)));
    await().until(() -> jedis.get(acct + "total") != null);

    OnVertx.await(vertx, consumer::stop);

    // Whatever was delivered was applied and acknowledged: nothing in hand was dropped or left half-done.
    long applied = Long.parseLong(jedis.get(acct + "total"));
    assertThat(applied).isLessThan(events);
    assertThat(pending()).isZero();
    assertThat(entriesRead()).isEqualTo(applied);

    start(options("c1"), AccountingConsumer.handler(acct, Duration.ZERO));
    await().until(() -> String.valueOf(events).equals(jedis.get(acct + "total")));
    assertThat(jedis.hvals(acct + "applied")).hasSize(events).containsOnly("1");
    assertThat(jedis.lrange(acct + "violations", 0, -1)).isEmpty();
  }

  @Test
  void aStartedConsumerCreatesItsGroupAndStreamAndCanStartAtNewEntriesOnly() {
    append(jedis, stream, 1, "old");
    start(options("c1").withStartFrom(EventConsumerOptions.StartFrom.NEW), AccountingConsumer.handler(acct, Duration.ZERO));
    append(jedis, stream, 2, "new");

    await().until(() -> "1".equals(jedis.get(acct + "total")));
    assertThat(jedis.hkeys(acct + "applied")).containsExactly("Thing:new");
  }

  @Test
  void aConsumerCarriesOnWhenItsRedisRestartsEmpty() {
    try (RedisServerProcess server = RedisServerProcess.start(); Jedis own = server.endpoint().connect()) {
      Redis ownRedis = Redis.createClient(vertx, server.endpoint().uri());
      EventConsumer consumer = new EventConsumer(vertx, ownRedis, ownRedis, options("c1").withRetries(Duration.ofMillis(100), 5),
          AccountingConsumer.handler(acct, Duration.ZERO), new SimpleMeterRegistry());
      OnVertx.await(vertx, consumer::start);
      started.add(consumer);
      append(own, stream, 1, "before");
      await().until(() -> "1".equals(own.get(acct + "total")));

      server.restart();
      try (Jedis again = server.endpoint().connect()) {
        // The group is gone with the data: the consumer creates it again (from the beginning) and goes on.
        await().until(() -> again.exists(stream));
        append(again, stream, 2, "after");
        await().until(() -> "1".equals(again.get(acct + "total")));
        assertThat(again.hkeys(acct + "applied")).containsExactly("Thing:after");
      }
    }
  }

  private EventConsumerOptions options(String consumer) {
    return EventConsumerOptions.of(GROUP, List.of(stream)).withConsumer(consumer).withGuardPrefix(ns.key("guard:"))
        .withBlock(Duration.ofMillis(200));
  }

  private EventConsumer start(EventConsumerOptions options, EventHandler handler) {
    EventConsumer consumer = new EventConsumer(vertx, redis, redis, options, handler, new SimpleMeterRegistry())
        .onOutcome(outcomes::add);
    OnVertx.await(vertx, consumer::start);
    started.add(consumer);
    return consumer;
  }

  private long count(Outcome.Kind kind) {
    return outcomes.stream().filter(o -> o.kind() == kind).count();
  }

  private long pending() {
    return jedis.xpending(stream, GROUP).getTotal();
  }

  private long entriesRead() {
    return (Long) jedis.xinfoGroups(stream).get(0).getGroupInfo().get("entries-read");
  }
}
