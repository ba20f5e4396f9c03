package dev.strangler.servicekit.events;

import static dev.strangler.servicekit.events.WireEvents.append;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.testsupport.OnVertx;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Redis;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

/** Entries that can't be applied go to the dead-letter stream after N deliveries; the rest keep flowing; meters count it all. */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class PoisonEventsIT {

  private static final String GROUP = "accounting";
  private static final int MAX_DELIVERIES = 3;

  private Vertx vertx;
  private RedisNamespace ns;
  private Jedis jedis;
  private String stream;
  private String acct;
  private EventConsumer consumer;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeEach
  void setUp(Vertx vertx, RedisNamespace ns) {
    this.vertx = vertx;
    this.ns = ns;
    jedis = ns.endpoint().connect();
    stream = ns.key("events:thing");
    acct = ns.key("acct:");
  }

  @AfterEach
  void tearDown() {
    if (consumer != null) {
      OnVertx.await(vertx, consumer::stop);
    }
    jedis.close();
  }

  @Test
  void poisonEntriesAreDeadLetteredAfterTheirDeliveriesWhileGoodEventsKeepFlowing() {
    append(jedis, stream, 1, "good-1");
    Map<String, String> missing = Map.of("eventId", "e-2", "type", "Counted");
    append(jedis, stream, 2, missing);
    Map<String, String> badJson = WireEvents.fields(3, "Counted", "Thing", "bad-json", "{\"n\": ");
    append(jedis, stream, 3, badJson);
    append(jedis, stream, 4, WireEvents.fields(4, "Explode", "Thing", "explodes", "{}"));
    EventHandler accounting = AccountingConsumer.handler(acct, Duration.ZERO);
    start(event -> {
      if (event.type().equals("Explode")) {
        throw new IllegalStateException("cannot apply " + event.type());
      }
      return accounting.effect(event);
    });
    for (long seq = 5; seq <= 14; seq++) {
      append(jedis, stream, seq, "good-" + seq);
    }

    await().until(() -> jedis.xlen(stream + ":dead:" + GROUP) == 3 && "11".equals(jedis.get(acct + "total")));
    // Different aggregates are handled side by side: sort the dead letters by the entry they came from.
    List<StreamEntry> dead = jedis.xrange(stream + ":dead:" + GROUP, "-", "+").stream()
        .sorted(java.util.Comparator.comparing(e -> e.getFields().get("sourceId"))).toList();
    assertThat(dead).extracting(e -> e.getFields().get("sourceId")).containsExactly("2-0", "3-0", "4-0");
    assertThat(dead).allSatisfy(e -> assertThat(e.getFields()).containsEntry("deliveries", "3").containsEntry("consumer", "c1")
        .containsKey("failedAt"));
    assertThat(dead.get(0).getFields()).containsAllEntriesOf(missing);
    assertThat(dead.get(0).getFields().get("error")).contains("missing aggregateId", "missing payload");
    assertThat(dead.get(1).getFields()).containsAllEntriesOf(badJson);
    assertThat(dead.get(1).getFields().get("error")).contains("payload is not a JSON object");
    assertThat(dead.get(2).getFields().get("error")).isEqualTo("IllegalStateException: cannot apply Explode");
    await().until(() -> jedis.xpending(stream, GROUP).getTotal() == 0);

    assertThat(counter(ConsumerMetrics.APPLIED)).isEqualTo(11);
    assertThat(counter(ConsumerMetrics.FAILED)).isEqualTo(3 * MAX_DELIVERIES);
    assertThat(counter(ConsumerMetrics.DEAD_LETTERED)).isEqualTo(3);
    await().untilAsserted(() -> {
      assertThat(gauge(ConsumerMetrics.LAG)).isZero();
      assertThat(gauge(ConsumerMetrics.PENDING)).isZero();
      assertThat(gauge(ConsumerMetrics.LENGTH)).isEqualTo(14);
    });
  }

  @Test
  void entriesStillFailingArePendingAndEntriesNotYetReadAreTheLag() {
    start(event -> {
      throw new IllegalStateException("down");
    });
    for (long seq = 1; seq <= 4; seq++) {
      append(jedis, stream, seq, "thing-" + seq);
    }
    await().untilAsserted(() -> assertThat(gauge(ConsumerMetrics.PENDING)).isEqualTo(4));

    // Another group's view: XINFO GROUPS counts what the group has not read yet.
    jedis.xgroupCreate(stream, "late", new redis.clients.jedis.StreamEntryID(0, 0), false);
    jedis.xreadGroup("late", "x", XReadGroupParams.xReadGroupParams().count(1),
        Map.of(stream, redis.clients.jedis.StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
    StreamCommands late = new StreamCommands(Redis.createClient(vertx, ns.endpoint().uri()),
        EventConsumerOptions.of("late", List.of(stream)));
    StreamCommands.GroupInfo info = OnVertx.await(vertx, () -> late.groupInfo(stream));
    assertThat(info).isEqualTo(new StreamCommands.GroupInfo(3L, 1L, 4L));
  }

  private void start(EventHandler handler) {
    Redis redis = Redis.createClient(vertx, ns.endpoint().uri());
    EventConsumerOptions options = EventConsumerOptions.of(GROUP, List.of(stream)).withConsumer("c1")
        .withGuardPrefix(ns.key("guard:")).withBlock(Duration.ofMillis(100)).withRetries(Duration.ofMillis(100), MAX_DELIVERIES)
        .withMetricsInterval(Duration.ofMillis(100));
    consumer = new EventConsumer(vertx, redis, redis, options, handler, registry);
    OnVertx.await(vertx, consumer::start);
  }

  private double counter(String name) {
    return registry.get(name).tags(Tags.of("stream", stream, "group", GROUP)).counter().count();
  }

  private double gauge(String name) {
    return registry.get(name).tags(Tags.of("stream", stream, "group", GROUP)).gauge().value();
  }
}
