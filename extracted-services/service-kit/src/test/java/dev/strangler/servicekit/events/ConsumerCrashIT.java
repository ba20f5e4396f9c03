package dev.strangler.servicekit.events;

import static dev.strangler.servicekit.events.WireEvents.append;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.testsupport.JavaProcess;
import dev.strangler.testsupport.OnVertx;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Redis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.XPendingParams;
import redis.clients.jedis.resps.StreamPendingEntry;

/** A consumer process killed (SIGKILL) in the middle of a batch: another consumer takes its pending entries over. */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class ConsumerCrashIT {

  private static final Path LOGS = Path.of("target", "consumer-crash-logs");
  private static final int EVENTS = 200;

  @Test
  void entriesOfAKilledConsumerAreClaimedByAnotherAndEachAppliedExactlyOnce(Vertx vertx, RedisNamespace ns) {
    String stream = ns.key("events:thing");
    String acct = ns.key("acct:");
    try (Jedis jedis = ns.endpoint().connect()) {
      for (long seq = 1; seq <= EVENTS; seq++) {
        append(jedis, stream, seq, "thing-" + seq);
      }
      Map<String, String> env = new HashMap<>(AccountingConsumer.env(ns.endpoint().uri(), acct, stream, "doomed"));
      env.put("ACCOUNTING_HANDLE_DELAY_MS", "20");
      try (JavaProcess doomed = JavaProcess.startClass("accounting-doomed", System.getProperty("java.class.path"),
          AccountingConsumer.class.getName(), env, List.of(), LOGS)) {
        doomed.awaitLogLine(AccountingConsumer.READY, Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(30)).until(() -> jedis.get(acct + "total") != null
            && Long.parseLong(jedis.get(acct + "total")) >= 10);
        doomed.kill();
      }
      Set<String> leftPending = jedis.xpending(stream, AccountingConsumer.DEFAULT_GROUP,
              XPendingParams.xPendingParams().count(EVENTS).consumer("doomed")).stream()
          .map(StreamPendingEntry::getID).map(Object::toString).collect(Collectors.toSet());
      long appliedBeforeTheKill = Long.parseLong(jedis.get(acct + "total"));
      assertThat(leftPending).as("the killed consumer's batch in hand").isNotEmpty();
      assertThat(appliedBeforeTheKill).isLessThan(EVENTS);

      Redis redis = Redis.createClient(vertx, ns.endpoint().uri());
      EventConsumerOptions options = EventConsumerOptions.of(AccountingConsumer.DEFAULT_GROUP, List.of(stream))
          .withConsumer("rescuer").withGuardPrefix(acct + "guard:").withBlock(Duration.ofMillis(200))
          .withClaim(Duration.ofMillis(500), Duration.ofMillis(200));
      java.util.Queue<EventConsumer.Outcome> outcomes = new java.util.concurrent.ConcurrentLinkedQueue<>();
      EventConsumer rescuer = new EventConsumer(vertx, redis, redis, options, AccountingConsumer.handler(acct, Duration.ZERO),
          new SimpleMeterRegistry()).onOutcome(outcomes::add);
      OnVertx.await(vertx, rescuer::start);
      try {
        await().atMost(Duration.ofSeconds(30)).until(() -> String.valueOf(EVENTS).equals(jedis.get(acct + "total")));
        await().until(() -> jedis.xpending(stream, AccountingConsumer.DEFAULT_GROUP).getTotal() == 0);
      } finally {
        OnVertx.await(vertx, rescuer::stop);
      }

      assertThat(jedis.hvals(acct + "applied")).hasSize(EVENTS).containsOnly("1");
      assertThat(jedis.lrange(acct + "violations", 0, -1)).isEmpty();
      assertThat(outcomes).extracting(EventConsumer.Outcome::entryId).containsAll(leftPending);
    }
  }

  @Test
  void aConsumerKilledAgainAndAgainUnderOneNameAppliesEveryEventOnceInOrder(RedisNamespace ns) {
    String stream = ns.key("events:thing");
    String acct = ns.key("acct:");
    int aggregates = 20;
    try (Jedis jedis = ns.endpoint().connect()) {
      for (long seq = 1; seq <= EVENTS; seq++) {
        append(jedis, stream, seq, "thing-" + (seq % aggregates));
      }
      Map<String, String> env = new HashMap<>(AccountingConsumer.env(ns.endpoint().uri(), acct, stream, "phoenix"));
      env.put("ACCOUNTING_HANDLE_DELAY_MS", "10");
      env.put("ACCOUNTING_CLAIM_MIN_IDLE_MS", "60000"); // nobody else claims: the restarted one takes its own back
      for (int life = 1; life <= 3; life++) {
        long before = total(jedis, acct);
        try (JavaProcess consumer = JavaProcess.startClass("accounting-phoenix-" + life, System.getProperty("java.class.path"),
            AccountingConsumer.class.getName(), env, List.of(), LOGS)) {
          consumer.awaitLogLine(AccountingConsumer.READY, Duration.ofSeconds(30));
          await().atMost(Duration.ofSeconds(30)).until(() -> total(jedis, acct) >= before + 15);
          consumer.kill();
        }
      }
      env.put("ACCOUNTING_HANDLE_DELAY_MS", "0");
      try (JavaProcess last = JavaProcess.startClass("accounting-phoenix-last", System.getProperty("java.class.path"),
          AccountingConsumer.class.getName(), env, List.of(), LOGS)) {
        last.awaitLogLine(AccountingConsumer.READY, Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(30)).until(() -> total(jedis, acct) == EVENTS
            && jedis.xpending(stream, AccountingConsumer.DEFAULT_GROUP).getTotal() == 0);
      }

      assertThat(jedis.hvals(acct + "applied")).hasSize(aggregates).containsOnly(Long.toString(EVENTS / aggregates));
      assertThat(jedis.lrange(acct + "violations", 0, -1)).isEmpty();
      for (int a = 0; a < aggregates; a++) {
        assertThat(jedis.hget(acct + "last", "Thing:thing-" + a)).isEqualTo(Long.toString(EVENTS - aggregates + (a == 0 ? aggregates : a)));
      }
    }
  }

  private static long total(Jedis jedis, String acct) {
    String total = jedis.get(acct + "total");
    return total == null ? 0 : Long.parseLong(total);
  }
}
