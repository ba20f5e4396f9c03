package dev.strangler.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.strangler.relay.redis.RedisClients;
import dev.strangler.testsupport.RedisWithTls;
import dev.strangler.testsupport.TestCertificates;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * The relay over {@code rediss://} to a redis-server that speaks only TLS, trusting the test's CA through the URL (and
 * presenting a client certificate named by it where the server requires one).
 */
@ExtendWith(RelayFixtureExtension.class)
class RelayTlsIT {

  /** A refused connection must be reported well within the relay's own timeout, never hang. */
  private static final Duration FAILS_WITHIN = RedisClients.DEFAULT_TIMEOUT;

  @Test
  void theRelayLeadsAndAppendsOverTls(RelayFixture fx) throws Exception {
    try (RedisWithTls server = RedisWithTls.start(); UnifiedJedis redis = RedisClients.create(server.url())) {
      List<Long> products = fx.outbox().insertMany(10, "Product");
      fx.relays().start(Relays.options(fx.namespace(), "a").build(), fx.outbox().dataSource(), redis);

      await().atMost(Duration.ofSeconds(20)).until(() -> fx.outbox().unpublished().isEmpty());
      assertThat(redis.xrange(fx.namespace().prefix() + "events:product", (StreamEntryID) null, (StreamEntryID) null))
          .extracting(e -> e.getID().getTime()).containsExactlyElementsOf(products);
    }
  }

  @Test
  void toAServerThatRequiresClientCertificatesTheRelayPresentsTheUrlsAndWithoutOneIsRefused(RelayFixture fx) throws Exception {
    try (RedisWithTls server = RedisWithTls.start(List.of("--tls-auth-clients", "yes"));
        UnifiedJedis redis = RedisClients.create(server.urlWithClientCertificate());
        UnifiedJedis without = RedisClients.create(server.url())) {
      List<Long> products = fx.outbox().insertMany(5, "Product");
      fx.relays().start(Relays.options(fx.namespace(), "a").build(), fx.outbox().dataSource(), redis);

      await().atMost(Duration.ofSeconds(20)).until(() -> fx.outbox().unpublished().isEmpty());
      assertThat(redis.xrange(fx.namespace().prefix() + "events:product", (StreamEntryID) null, (StreamEntryID) null))
          .extracting(e -> e.getID().getTime()).containsExactlyElementsOf(products);
      assertFailsWithin(without, "certificate_required", "Connection reset", "Broken pipe", "Unexpected end of stream");
    }
  }

  @Test
  void aCertificateTheJvmDoesNotTrustIsRefusedAtOnce() {
    try (RedisWithTls server = RedisWithTls.start(); UnifiedJedis redis = RedisClients.create(server.untrustedUrl())) {
      assertFailsWithin(redis, "PKIX path building failed");
    }
  }

  @Test
  void aCertificateThatDoesNotNameTheHostIsRefused() {
    try (RedisWithTls server = RedisWithTls.start(TestCertificates.create("DNS:redis.example"), List.of());
        UnifiedJedis redis = RedisClients.create(server.url())) {
      assertFailsWithin(redis, "No subject alternative names matching IP address 127.0.0.1");
    }
  }

  @Test
  void plainTextToATlsPortFailsAtOnce() {
    try (RedisWithTls server = RedisWithTls.start(); UnifiedJedis redis = RedisClients.create(server.plainUrl())) {
      assertFailsWithin(redis, "Connection reset", "Unexpected end of stream");
    }
  }

  private static void assertFailsWithin(UnifiedJedis redis, String... causes) {
    long start = System.nanoTime();
    assertThatThrownBy(redis::ping).isInstanceOf(JedisConnectionException.class)
        .satisfies(e -> assertThat(String.valueOf(e.getMessage()) + e.getCause()).containsAnyOf(causes))
        .satisfies(e -> System.out.printf("[tls] failed after %d ms: %s%n", (System.nanoTime() - start) / 1_000_000, e));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAILS_WITHIN);
  }
}
