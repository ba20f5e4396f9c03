package dev.strangler.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.relay.redis.RedisClients;
import dev.strangler.testsupport.PostgresDatabase;
import dev.strangler.testsupport.PostgresExtension;
import dev.strangler.testsupport.RedisCluster;
import dev.strangler.testsupport.RedisClusterExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.util.JedisClusterCRC16;
import redis.clients.jedis.util.SafeEncoder;

/**
 * The relay on a real three-master Redis Cluster, its key prefix carrying a hash tag ({@code {…}:}) as the relay's
 * settings require there: it leads, appends to several streams, trims them (also as a new leader that never appended,
 * from the set of streams), and re-publishes a lost tail, through the same scripts as on one server.
 */
@ExtendWith({PostgresExtension.class, RedisClusterExtension.class})
class ClusterRelayIT {

  private final String prefix = "{relay-" + UUID.randomUUID().toString().substring(0, 8) + "}:";
  private final Relays relays = new Relays();
  private TestOutbox outbox;
  private UnifiedJedis redis;

  @BeforeEach
  void open(PostgresDatabase database, RedisCluster cluster) throws Exception {
    outbox = TestOutbox.open(database);
    redis = RedisClients.create(cluster.url());
  }

  @AfterEach
  void close() throws Exception {
    relays.close();
    redis.close();
    outbox.close();
  }

  @Test
  void leadsAppendsAndTrimsAndANewLeaderTrimsTheStreamsItNeverAppendedTo() throws Exception {
    String products = stream("product");
    redis.xgroupCreate(products, "only", new StreamEntryID(0, 0), true);
    OutboxRelay first = relays.start(options("a").build(), outbox.dataSource(), redis);
    List<Long> productSequences = outbox.insertMany(20, "Product");
    List<Long> orderSequences = outbox.insertMany(10, "Order");

    await().atMost(Duration.ofSeconds(20)).until(() -> outbox.unpublished().isEmpty());
    assertThat(first.isLeader()).isTrue();
    assertThat(redis.get(prefix + "relay:outbox:lease")).isEqualTo("a:" + first.fencingToken());
    assertThat(ids(products)).isEqualTo(productSequences);
    assertThat(ids(stream("order"))).isEqualTo(orderSequences);
    assertThat(redis.smembers(prefix + "relay:outbox:streams")).containsExactlyInAnyOrder(products, stream("order"));

    acknowledge(products, 10);
    await().atMost(Duration.ofSeconds(10)).until(() -> redis.xlen(products) == 10);
    assertThat(ids(products)).isEqualTo(productSequences.subList(10, 20));

    // A new leader (the first one gone) finds the streams from their set, not a keyspace SCAN, and trims them too.
    first.close();
    OutboxRelay second = relays.start(options("b").build(), outbox.dataSource(), redis);
    await().atMost(Duration.ofSeconds(10)).until(second::isLeader);
    acknowledge(products, 10);
    await().atMost(Duration.ofSeconds(10)).until(() -> redis.xlen(products) == 0);
    assertThat(ids(stream("order"))).as("no group: never trimmed").isEqualTo(orderSequences);
  }

  @Test
  void aLostTailIsFoundAndPublishedAgain() throws Exception {
    List<Long> products = outbox.insertMany(15, "Product");
    List<Long> orders = outbox.insertMany(15, "Order");
    OutboxRelay relay = relays.start(options("a").build(), outbox.dataSource(), redis);
    await().atMost(Duration.ofSeconds(20)).until(() -> outbox.unpublished().isEmpty());

    long kept = products.get(9);
    loseTail(kept, stream("product"), stream("order"));
    assertThat(ids(stream("order"))).isEmpty();

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(ids(stream("product"))).isEqualTo(products);
      assertThat(ids(stream("order"))).isEqualTo(orders);
    });
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      assertThat(Relays.meter(relay, "relay.lost.tails")).isEqualTo(1.0);
      assertThat(Relays.meter(relay, "relay.events.republished")).isEqualTo(20.0);
    });
  }

  @Test
  void theTaggedPrefixKeepsTheRelaysKeysInOneSlotWhileOtherKeysSpreadOverTheMasters() {
    int slot = JedisClusterCRC16.getSlot(stream("product"));
    assertThat(List.of(stream("order"), prefix + "relay:outbox:lease", prefix + "relay:outbox:fence",
        prefix + "relay:outbox:position", prefix + "relay:outbox:streams", stream("product") + ":late"))
        .allSatisfy(key -> assertThat(JedisClusterCRC16.getSlot(key)).as(key).isEqualTo(slot));
    // Without the tag they would not: the cluster's three masters each own a third of the slots.
    assertThat(JedisClusterCRC16.getSlot("strangler:events:product")).isNotEqualTo(JedisClusterCRC16.getSlot("strangler:relay:outbox:lease"));
  }

  private RelayOptions.Builder options(String instance) {
    return RelayOptions.defaults().toBuilder().keyPrefix(prefix).instanceId(instance)
        .pollInterval(Duration.ofMillis(50)).leaseTtl(Duration.ofSeconds(2)).leaseRenewInterval(Duration.ofMillis(200))
        .gapGrace(Duration.ofMillis(200)).trimInterval(Duration.ofMillis(100)).notifyChannel(null);
  }

  private String stream(String type) {
    return prefix + "events:" + type;
  }

  private List<Long> ids(String stream) {
    return redis.xrange(stream, (StreamEntryID) null, (StreamEntryID) null).stream().map(e -> e.getID().getTime()).toList();
  }

  private void acknowledge(String stream, int count) {
    List<StreamEntry> read = redis.xreadGroup("only", "c", XReadGroupParams.xReadGroupParams().count(count),
        Map.of(stream, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY)).get(0).getValue();
    assertThat(read).hasSize(count);
    redis.xack(stream, "only", read.stream().map(StreamEntry::getID).toArray(StreamEntryID[]::new));
  }

  /** As {@code LostTailIT}: the streams and the relay's position back where a replica holding up to {@code kept} stood. */
  private void loseTail(long kept, String... streams) {
    for (String stream : streams) {
      List<StreamEntry> lost = redis.xrange(stream, new StreamEntryID(kept + 1, 0), (StreamEntryID) null);
      if (!lost.isEmpty()) {
        redis.xdel(stream, lost.stream().map(StreamEntry::getID).toArray(StreamEntryID[]::new));
      }
      List<StreamEntry> last = redis.xrevrange(stream, (StreamEntryID) null, (StreamEntryID) null, 1);
      long top = last.isEmpty() ? kept : last.get(0).getID().getTime();
      redis.sendCommand(stream, () -> SafeEncoder.encode("XSETID"), stream, top + "-0");
    }
    redis.set(prefix + "relay:outbox:position", String.valueOf(kept));
  }
}
