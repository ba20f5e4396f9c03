package dev.strangler.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.servicekit.config.InvalidConfigException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrdersSettingsTest {

  private static final Map<String, String> REQUIRED = Map.of("ORDERS_DATABASE_URL", "postgresql://orders:secret@db:5432/shop",
      "ORDERS_MONOLITH_URL", "http://monolith:8081", "ORDERS_INTERNAL_TOKEN", "0123456789abcdef");

  @Test
  void onlyTheDatabaseTheMonolithAndItsTokenAreRequiredTheRestHasDefaults() {
    OrdersSettings settings = OrdersSettings.fromEnvironment(REQUIRED);

    assertThat(settings.service().name()).isEqualTo("orders-service");
    assertThat(settings.service().port()).isEqualTo(OrdersSettings.DEFAULT_PORT);
    assertThat(settings.liveSchema()).isEqualTo("orders_service");
    assertThat(settings.sandboxSchema()).isEqualTo("orders_sandbox");
    assertThat(settings.sessionNamespace()).isEqualTo("acme:session");
    assertThat(settings.reservationTimeout()).isEqualTo(OrdersSettings.DEFAULT_RESERVATION_TIMEOUT);
    assertThat(settings.idempotencyTtl()).isEqualTo(OrdersSettings.DEFAULT_IDEMPOTENCY_TTL);
    assertThat(settings.events()).as("no events without a stream Redis").isNull();
  }

  @Test
  void everyProblemIsListedAtOnce() {
    assertThatThrownBy(() -> OrdersSettings.fromEnvironment(Map.of("ORDERS_DATABASE_URL", "mysql://db/shop",
        "ORDERS_DB_SCHEMA", "Orders; drop", "ORDERS_SANDBOX_SCHEMA", "orders_sandbox", "ORDERS_INTERNAL_TOKEN", "short",
        "ORDERS_IDEMPOTENCY_CLAIM_TIMEOUT_MS", "1000", "ORDERS_EVENTS_START_FROM", "yesterday")))
        .isInstanceOf(InvalidConfigException.class)
        .satisfies(e -> assertThat(((InvalidConfigException) e).problems())
            .anyMatch(p -> p.startsWith("ORDERS_DATABASE_URL must be a postgresql:// URL"))
            .anyMatch(p -> p.startsWith("ORDERS_DB_SCHEMA must be a plain lower-case SQL name"))
            .anyMatch(p -> p.startsWith("ORDERS_MONOLITH_URL is required"))
            .anyMatch(p -> p.startsWith("ORDERS_INTERNAL_TOKEN is required, at least 16"))
            .anyMatch(p -> p.startsWith("ORDERS_IDEMPOTENCY_CLAIM_TIMEOUT_MS must be longer than"))
            .anyMatch(p -> p.startsWith("ORDERS_EVENTS_START_FROM must be beginning or new")));
  }

  @Test
  void theSandboxSchemaMustDifferFromTheLiveOne() {
    Map<String, String> env = new HashMap<>(REQUIRED);
    env.put("ORDERS_SANDBOX_SCHEMA", "orders_service");

    assertThatThrownBy(() -> OrdersSettings.fromEnvironment(env)).isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("ORDERS_SANDBOX_SCHEMA must differ from ORDERS_DB_SCHEMA");
  }

  @Test
  void aStreamRedisTurnsTheMonolithsEventsOn() {
    Map<String, String> env = new HashMap<>(REQUIRED);
    env.put("ORDERS_EVENTS_REDIS_URL", "redis://streams:6379");
    env.put("ORDERS_EVENTS_PREFIX", "lab:");

    OrdersSettings settings = OrdersSettings.fromEnvironment(env);

    assertThat(settings.events().streams()).containsExactly("lab:events:product", "lab:events:customer", "lab:events:order");
    assertThat(settings.events().group()).isEqualTo("orders-service");
  }

  @Test
  void secretsNeverShowInTheSettingsText() {
    assertThat(OrdersSettings.fromEnvironment(REQUIRED).toString()).doesNotContain("secret").doesNotContain("0123456789abcdef");
  }

  @Test
  void aBackfillSourceTurnsTheBackfillOnStartOnWithTheMonolithsLargestPage() {
    Map<String, String> env = new HashMap<>(REQUIRED);
    env.put("ORDERS_BACKFILL_FROM", "http://monolith:8081");

    OrdersSettings settings = OrdersSettings.fromEnvironment(env);

    assertThat(OrdersSettings.fromEnvironment(REQUIRED).backfill()).as("off by default").isNull();
    assertThat(settings.backfill().from()).hasToString("http://monolith:8081");
    assertThat(settings.backfill().pageSize()).isEqualTo(100);
    assertThat(settings.backfill().firstRetry()).isEqualTo(Duration.ofSeconds(1));
    assertThat(settings.backfill().maxRetry()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.guardGroup()).as("the events' group, or the service name without events").isEqualTo("orders-service");
    assertThat(settings.toString()).contains("backfill=http://monolith:8081");
  }

  @Test
  void backfillProblemsAreListedWithTheOthers() {
    Map<String, String> env = new HashMap<>(REQUIRED);
    env.put("ORDERS_BACKFILL_FROM", "ftp://monolith");
    env.put("ORDERS_BACKFILL_PAGE_SIZE", "500");
    env.put("ORDERS_BACKFILL_RETRY_MS", "5000");
    env.put("ORDERS_BACKFILL_RETRY_MAX_MS", "1000");

    assertThatThrownBy(() -> OrdersSettings.fromEnvironment(env)).isInstanceOf(InvalidConfigException.class)
        .satisfies(e -> assertThat(((InvalidConfigException) e).problems())
            .anyMatch(p -> p.startsWith("ORDERS_BACKFILL_FROM"))
            .anyMatch(p -> p.equals("ORDERS_BACKFILL_PAGE_SIZE must be between 1 and 100 (got 500)"))
            .anyMatch(p -> p.startsWith("ORDERS_BACKFILL_RETRY_MS must be above 0 and at most ORDERS_BACKFILL_RETRY_MAX_MS")));
  }

  @Test
  void onAClusterTheEventsPrefixMustCarryAHashTagWhileTheSessionsNeedNone() {
    String cluster = "redis-cluster://10.0.0.1:6379,10.0.0.2:6379";
    Map<String, String> env = new HashMap<>(REQUIRED);
    env.putAll(Map.of("ORDERS_REDIS_URL", cluster, "ORDERS_EVENTS_REDIS_URL", cluster));
    assertThatThrownBy(() -> OrdersSettings.fromEnvironment(env)).isInstanceOf(InvalidConfigException.class)
        .satisfies(e -> assertThat(((InvalidConfigException) e).problems()).singleElement()
            .satisfies(p -> assertThat(p).startsWith("ORDERS_EVENTS_PREFIX must carry a hash tag on a Redis Cluster")));

    env.put("ORDERS_EVENTS_PREFIX", "{strangler}:");
    OrdersSettings settings = OrdersSettings.fromEnvironment(env);
    assertThat(settings.events().streams()).containsExactly("{strangler}:events:product", "{strangler}:events:customer",
        "{strangler}:events:order");
    assertThat(settings.sessionNamespace()).as("a cart script touches one session key: any slot").isEqualTo("acme:session");
  }
}
