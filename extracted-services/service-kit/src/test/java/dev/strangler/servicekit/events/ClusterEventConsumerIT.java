package dev.strangler.servicekit.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.servicekit.redis.ServiceRedis;
import dev.strangler.testsupport.OnVertx;
import dev.strangler.testsupport.RedisCluster;
import dev.strangler.testsupport.RedisClusterExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Redis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A consumer group on a real three-master Redis Cluster: the streams under one hash tag (read by one XREADGROUP, a dead
 * letter moved in one script), the guard and the effect's keys under another (one script), on different masters here.
 */
@ExtendWith({VertxExtension.class, RedisClusterExtension.class})
class ClusterEventConsumerIT {

  private static final String GROUP = "accounting";

  private final String id = UUID.randomUUID().toString().substring(0, 8);
  private final String product = "{events-" + id + "}:events:product";
  private final String order = "{events-" + id + "}:events:order";
  private final String acct = "{acct-" + id + "}:";
  private final List<EventConsumer> consumers = new ArrayList<>();
  private Vertx vertx;
  private RedisCluster cluster;
  private RedisClusterClient jedis;

  @BeforeEach
  void setUp(Vertx vertx, RedisCluster cluster) {
    this.vertx = vertx;
    this.cluster = cluster;
    jedis = cluster.client();
  }

  @AfterEach
  void tearDown() {
    consumers.forEach(c -> OnVertx.await(vertx, c::stop));
    jedis.close();
  }

  @Test
  void twoConsumersApplyEveryEventOfTwoStreamsOnceAndTheGuardRefusesARedelivery() {
    assertThat(JedisClusterCRC16.getSlot(product)).isEqualTo(JedisClusterCRC16.getSlot(order));
    assertThat(JedisClusterCRC16.getSlot(acct + "guard:x")).isEqualTo(JedisClusterCRC16.getSlot(acct + "total"));
    start("c1", AccountingConsumer.handler(acct, Duration.ZERO));
    start("c2", AccountingConsumer.handler(acct, Duration.ZERO));
    // An aggregate each: with two consumers an older event of an aggregate may otherwise be superseded, not applied.
    for (long seq = 1; seq <= 60; seq++) {
      append(seq % 2 == 0 ? product : order, seq, "id-" + seq);
    }

    await().atMost(Duration.ofSeconds(20)).until(() -> "60".equals(jedis.get(acct + "total")));
    assertThat(jedis.hvals(acct + "applied").stream().mapToLong(Long::parseLong).sum()).isEqualTo(60);

    // The group reads both streams from the start again: every event is delivered a second time, none applied again.
    jedis.xgroupSetID(product, GROUP, new StreamEntryID(0, 0));
    jedis.xgroupSetID(order, GROUP, new StreamEntryID(0, 0));
    append(product, 62, "id-new");
    await().atMost(Duration.ofSeconds(20)).until(() -> "61".equals(jedis.get(acct + "total")));
    await().atMost(Duration.ofSeconds(10)).until(() -> jedis.xpending(product, GROUP).getTotal() == 0
        && jedis.xpending(order, GROUP).getTotal() == 0);
    assertThat(jedis.get(acct + "total")).isEqualTo("61");
    assertThat(jedis.lrange(acct + "violations", 0, -1)).isEmpty();
  }

  @Test
  void aPoisonEventGoesToTheDeadLetterStreamAndTheRestIsApplied() {
    start("c1", event -> {
      if (event.type().equals("Explode")) {
        throw new IllegalStateException("cannot apply " + event.type());
      }
      return AccountingConsumer.handler(acct, Duration.ZERO).effect(event);
    });
    append(product, 1, "good-1");
    jedis.xadd(product, new StreamEntryID(2, 0), WireEvents.fields(2, "Explode", "Thing", "explodes", "{}"));
    append(product, 3, "good-3");

    String dead = product + ":dead:" + GROUP;
    await().atMost(Duration.ofSeconds(20)).until(() -> jedis.exists(dead) && jedis.xlen(dead) == 1
        && "2".equals(jedis.get(acct + "total")));
    List<StreamEntry> letters = jedis.xrange(dead, (StreamEntryID) null, (StreamEntryID) null);
    assertThat(letters.get(0).getFields()).containsEntry("sourceId", "2-0").containsEntry("deliveries", "2")
        .containsEntry("error", "IllegalStateException: cannot apply Explode");
    await().atMost(Duration.ofSeconds(10)).until(() -> jedis.xpending(product, GROUP).getTotal() == 0);
  }

  private void start(String consumer, EventHandler handler) {
    Redis redis = ServiceRedis.create(vertx, cluster.url());
    EventConsumerOptions options = EventConsumerOptions.of(GROUP, List.of(product, order)).withConsumer(consumer)
        .withGuardPrefix(acct + "guard:").withBlock(Duration.ofMillis(200)).withRetries(Duration.ofMillis(100), 2)
        .withMetricsInterval(Duration.ofMillis(200));
    EventConsumer started = new EventConsumer(vertx, redis, redis, options, handler, new SimpleMeterRegistry());
    OnVertx.await(vertx, started::start);
    consumers.add(started);
  }

  /** As the relay appends: an aggregate type's events in its own stream. */
  private void append(String stream, long sequence, String aggregateId) {
    String type = stream.equals(product) ? "Product" : "Order";
    jedis.xadd(stream, new StreamEntryID(sequence, 0),
        WireEvents.fields(sequence, "Counted", type, aggregateId, "{\"n\":" + sequence + "}"));
  }
}
