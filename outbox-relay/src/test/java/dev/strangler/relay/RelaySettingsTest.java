package dev.strangler.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.relay.outbox.OutboxTable;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RelaySettingsTest {

  private static final Map<String, String> MINIMAL = Map.of("RELAY_DATABASE_URL", "jdbc:postgresql://db:5432/shop");

  @Test
  void defaultsMatchAcmeShopAndTheSharedWireFormat() {
    RelaySettings settings = RelaySettings.fromEnvironment(MINIMAL);
    RelayOptions relay = settings.relay();
    assertThat(relay.keyPrefix()).isEqualTo("strangler:");
    assertThat(relay.table()).isEqualTo(OutboxTable.DEFAULT);
    assertThat(relay.batchSize()).isEqualTo(RelayOptions.DEFAULT_BATCH_SIZE);
    assertThat(relay.pollInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(relay.notifyChannel()).isEqualTo("outbox");
    assertThat(relay.streamCap()).isEqualTo(1_000_000);
    assertThat(settings.redisUrl()).isEqualTo("redis://127.0.0.1:6379");
    assertThat(settings.httpHost()).isEqualTo("127.0.0.1");
    assertThat(settings.httpPort()).isEqualTo(8095);
    assertThat(relay.problems()).isEmpty();
  }

  @Test
  void everySettingIsReadWithUnitsOnDurations() {
    Map<String, String> env = new HashMap<>(MINIMAL);
    env.putAll(Map.of("RELAY_KEY_PREFIX", "shop:", "RELAY_BATCH_SIZE", "200", "RELAY_POLL_INTERVAL", "2s",
        "RELAY_NOTIFY_CHANNEL", "none", "RELAY_GAP_GRACE", "250ms", "RELAY_GAP_MAX_WAIT", "5m", "RELAY_LEASE_TTL", "30s",
        "RELAY_STREAM_CAP", "50_000", "RELAY_TABLE", "events.outbox", "RELAY_COLUMN_SEQUENCE", "seq"));
    RelayOptions relay = RelaySettings.fromEnvironment(env).relay();
    assertThat(relay.keyPrefix()).isEqualTo("shop:");
    assertThat(relay.batchSize()).isEqualTo(200);
    assertThat(relay.pollInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(relay.notifyChannel()).isNull();
    assertThat(relay.gapGrace()).isEqualTo(Duration.ofMillis(250));
    assertThat(relay.gapMaxWait()).isEqualTo(Duration.ofMinutes(5));
    assertThat(relay.leaseTtl()).isEqualTo(Duration.ofSeconds(30));
    assertThat(relay.streamCap()).isEqualTo(50_000);
    assertThat(relay.table().table()).isEqualTo("events.outbox");
    assertThat(relay.table().sequence()).isEqualTo("seq");
  }

  @Test
  void aPostgresqlUrlGivesAJdbcUrlAndItsCredentials() {
    RelaySettings settings = RelaySettings.fromEnvironment(Map.of("RELAY_DATABASE_URL", "postgresql://shop:s3cret@db:5433/acme?sslmode=require"));
    assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5433/acme?sslmode=require");
    assertThat(settings.databaseUser()).isEqualTo("shop");
    assertThat(settings.databasePassword()).isEqualTo("s3cret");
  }

  @Test
  void everyProblemIsListedAtOnceNamingItsVariable() {
    Map<String, String> env = new HashMap<>();
    env.put("RELAY_BATCH_SIZE", "0");
    env.put("RELAY_POLL_INTERVAL", "soon");
    env.put("RELAY_KEY_PREFIX", "no colon");
    env.put("RELAY_TABLE", "outbox; drop table products");
    env.put("RELAY_COLUMN_PAYLOAD", "body text");
    env.put("RELAY_LEASE_TTL", "1s");
    env.put("RELAY_LEASE_RENEW_INTERVAL", "900ms");
    env.put("RELAY_GAP_GRACE", "20m");
    env.put("RELAY_STREAM_CAP", "many");
    env.put("RELAY_REDIS_URL", "http://redis:6379");
    env.put("RELAY_HTTP_PORT", "70000");

    assertThatThrownBy(() -> RelaySettings.fromEnvironment(env))
        .isInstanceOfSatisfying(InvalidRelayConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
            "RELAY_POLL_INTERVAL must be a duration such as 500ms, 2s, 5m or 1h (got 'soon')",
            "RELAY_STREAM_CAP must be a whole number (got 'many')",
            "RELAY_TABLE must be a plain SQL name, optionally schema-qualified (got 'outbox; drop table products')",
            "RELAY_COLUMN_PAYLOAD must be a plain SQL column name (got 'body text')",
            "RELAY_KEY_PREFIX must end with ':' and hold no spaces (got 'no colon')",
            "RELAY_BATCH_SIZE must be between 1 and 10000 (got 0)",
            "RELAY_GAP_MAX_WAIT (600000 ms) must not be below the gap grace (1200000 ms)",
            "RELAY_LEASE_RENEW_INTERVAL must be at least 10 ms and at most half the lease ttl (got 900 ms for a ttl of 1000 ms)",
            "RELAY_DATABASE_URL is required (jdbc:… or postgresql://user@host:port/database)",
            "RELAY_REDIS_URL: Redis URL must start with redis://, rediss://, redis-sentinel://, rediss-sentinel://, "
                + "redis-cluster:// or rediss-cluster:// (got 'http://redis:6379')",
            "RELAY_HTTP_PORT must be between 0 and 65535 (got 70000)"));
  }

  @Test
  void aRedisCaFileThatIsNotThereStopsTheRelayNamingTheSetting() {
    Map<String, String> env = new HashMap<>(MINIMAL);
    env.put("RELAY_REDIS_URL", "rediss://relay:secret@redis:6380?tls-ca-cert-file=/nowhere/ca.pem");

    assertThatThrownBy(() -> RelaySettings.fromEnvironment(env)).isInstanceOfSatisfying(InvalidRelayConfigException.class,
        e -> assertThat(e.problems()).containsExactly("RELAY_REDIS_URL: Redis URL parameter tls-ca-cert-file: "
            + "'/nowhere/ca.pem' is not a file (got 'rediss://relay:***@redis:6380?tls-ca-cert-file=/nowhere/ca.pem')"));
  }

  @Test
  void theCorrelationIdColumnIsDetectedUnlessNamedOrTurnedOff() {
    assertThat(RelaySettings.fromEnvironment(MINIMAL).relay().table().correlationId()).isNull();
    Map<String, String> named = new HashMap<>(MINIMAL);
    named.put("RELAY_COLUMN_CORRELATION_ID", "trace_id");
    assertThat(RelaySettings.fromEnvironment(named).relay().table().correlationId()).isEqualTo("trace_id");
    named.put("RELAY_COLUMN_CORRELATION_ID", "none");
    assertThat(RelaySettings.fromEnvironment(named).relay().table().correlationId()).isEqualTo(OutboxTable.NO_CORRELATION_ID);
    named.put("RELAY_COLUMN_CORRELATION_ID", "trace id");
    assertThatThrownBy(() -> RelaySettings.fromEnvironment(named)).isInstanceOfSatisfying(InvalidRelayConfigException.class,
        e -> assertThat(e.problems()).containsExactly(
            "RELAY_COLUMN_CORRELATION_ID must be a plain SQL column name or 'none' (got 'trace id')"));
  }

  @Test
  void aPasswordInABadUrlIsNeverRepeated() {
    assertThatThrownBy(() -> RelaySettings.fromEnvironment(Map.of("RELAY_DATABASE_URL", "mysql://shop:s3cret@db/acme")))
        .isInstanceOfSatisfying(InvalidRelayConfigException.class, e -> assertThat(String.join(" ", e.problems()))
            .contains("mysql://***@db/acme").doesNotContain("s3cret"));
  }

  @Test
  void embeddedOptionsAreValidatedWhenTheRelayIsBuilt() {
    RelayOptions bad = RelayOptions.defaults().toBuilder().batchSize(20_000).streamCap(10).build();
    assertThat(bad.problems()).containsExactly("batchSize must be between 1 and 10000 (got 20000)",
        "streamCap must be at least the batch size (got 10)");
    assertThatThrownBy(bad::validate).isInstanceOf(InvalidRelayConfigException.class).hasMessageContaining("batchSize");
  }

  @Test
  void onAClusterTheKeyPrefixMustCarryAHashTag() {
    Map<String, String> env = new HashMap<>(MINIMAL);
    env.put("RELAY_REDIS_URL", "redis-cluster://10.0.0.1:6379,10.0.0.2:6379");
    assertThatThrownBy(() -> RelaySettings.fromEnvironment(env)).isInstanceOf(InvalidRelayConfigException.class)
        .hasMessageContaining("RELAY_KEY_PREFIX must carry a hash tag on a Redis Cluster").hasMessageContaining("'{strangler}:'");

    env.put("RELAY_KEY_PREFIX", "{strangler}:");
    assertThat(RelaySettings.fromEnvironment(env).relay().keyPrefix()).isEqualTo("{strangler}:");
  }
}
