package dev.strangler.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.servicekit.config.InvalidConfigException;
import dev.strangler.servicekit.config.ServiceOptions;
import dev.strangler.servicekit.events.EventConsumerOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogSettingsTest {

  @Test
  void nothingSetMeansTheDefaults() {
    CatalogSettings settings = CatalogSettings.fromEnvironment(Map.of());

    assertThat(settings.service().name()).isEqualTo("catalog-service");
    assertThat(settings.service().port()).isEqualTo(CatalogSettings.DEFAULT_PORT);
    assertThat(settings.service().discoveryRedisUrl()).isNull();
    assertThat(settings.service().shutdownGrace()).isEqualTo(ServiceOptions.DEFAULT_SHUTDOWN_GRACE);
    assertThat(settings.redisUrl()).isEqualTo(CatalogSettings.DEFAULT_REDIS_URL);
    assertThat(settings.keyPrefix()).isEqualTo("catalog:");
    assertThat(settings.backfillFrom()).isNull();
    assertThat(settings.events()).as("no events without a stream Redis").isNull();
  }

  @Test
  void aStreamRedisTurnsProductEventsOn() {
    CatalogSettings settings = CatalogSettings.fromEnvironment(Map.of("CATALOG_EVENTS_REDIS_URL", "redis://streams:6379",
        "CATALOG_EVENTS_CONSUMER", "catalog-1", "CATALOG_EVENTS_START_FROM", "new", "CATALOG_EVENTS_MAX_DELIVERIES", "3"));

    assertThat(settings.productStream()).isEqualTo("strangler:events:product");
    assertThat(settings.events().group()).isEqualTo("catalog-service");
    assertThat(settings.events().consumer()).isEqualTo("catalog-1");
    assertThat(settings.events().startFrom()).isEqualTo(EventConsumerOptions.StartFrom.NEW);
    assertThat(settings.events().maxDeliveries()).isEqualTo(3);
    assertThat(settings.events().guardKey("Product", "ACME-1")).isEqualTo("catalog:applied:catalog-service:Product:ACME-1");
    assertThat(settings.events().claimMinIdle()).isEqualTo(EventConsumerOptions.DEFAULT_CLAIM_MIN_IDLE);
  }

  @Test
  void eventSettingsAreCheckedEvenWhileEventsAreOff() {
    assertThatThrownBy(() -> CatalogSettings.fromEnvironment(Map.of("CATALOG_EVENTS_PREFIX", "strangler",
        "CATALOG_EVENTS_START_FROM", "yesterday", "CATALOG_EVENTS_MAX_DELIVERIES", "0", "CATALOG_EVENTS_REDIS_URL", "streams:6379")))
        .isInstanceOf(InvalidConfigException.class)
        .satisfies(e -> assertThat(((InvalidConfigException) e).problems())
            .anyMatch(p -> p.startsWith("CATALOG_EVENTS_REDIS_URL: Redis URL must start with redis://"))
            .anyMatch(p -> p.startsWith("CATALOG_EVENTS_PREFIX must end with ':'"))
            .anyMatch(p -> p.startsWith("CATALOG_EVENTS_START_FROM must be beginning or new"))
            .anyMatch(p -> p.startsWith("CATALOG_EVENTS_MAX_DELIVERIES must be between 1 and 1000")));
  }

  @Test
  void everyProblemIsListedAtOnce() {
    assertThatThrownBy(() -> CatalogSettings.fromEnvironment(Map.of(
        "CATALOG_HTTP_PORT", "http", "CATALOG_REDIS_URL", "localhost:6379", "CATALOG_KEY_PREFIX", "catalog",
        "CATALOG_BACKFILL_FROM", "ftp://legacy", "CATALOG_SHUTDOWN_GRACE_MS", "-1", "CATALOG_DISCOVERY_REDIS_URL", "redis://:secret@")))
        .isInstanceOf(InvalidConfigException.class)
        .satisfies(e -> assertThat(((InvalidConfigException) e).problems()).hasSize(6)
            .anyMatch(p -> p.startsWith("CATALOG_HTTP_PORT must be a whole number"))
            .anyMatch(p -> p.startsWith("CATALOG_REDIS_URL: Redis URL must start with redis://"))
            .anyMatch(p -> p.startsWith("CATALOG_KEY_PREFIX must end with ':'"))
            .anyMatch(p -> p.startsWith("CATALOG_BACKFILL_FROM must be a http:// or https:// URL"))
            .anyMatch(p -> p.startsWith("CATALOG_SHUTDOWN_GRACE_MS must be between 0"))
            .noneMatch(p -> p.contains("secret")));
  }

  @Test
  void onAClusterTheReadModelAndEventsPrefixesMustCarryAHashTag() {
    String cluster = "redis-cluster://10.0.0.1:6379,10.0.0.2:6379";
    assertThatThrownBy(() -> CatalogSettings.fromEnvironment(Map.of("CATALOG_REDIS_URL", cluster, "CATALOG_EVENTS_REDIS_URL", cluster)))
        .isInstanceOf(InvalidConfigException.class)
        .satisfies(e -> assertThat(((InvalidConfigException) e).problems())
            .anyMatch(p -> p.startsWith("CATALOG_KEY_PREFIX must carry a hash tag on a Redis Cluster") && p.contains("'{catalog}:'"))
            .anyMatch(p -> p.startsWith("CATALOG_EVENTS_PREFIX must carry a hash tag on a Redis Cluster")));

    CatalogSettings settings = CatalogSettings.fromEnvironment(Map.of("CATALOG_REDIS_URL", cluster, "CATALOG_KEY_PREFIX", "{catalog}:",
        "CATALOG_EVENTS_REDIS_URL", cluster, "CATALOG_EVENTS_PREFIX", "{strangler}:"));
    assertThat(settings.productStream()).isEqualTo("{strangler}:events:product");
    assertThat(settings.events().guardKey("Product", "ACME-1")).isEqualTo("{catalog}:applied:catalog-service:Product:ACME-1");
  }
}
