package dev.strangler.servicekit.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.servicekit.config.EnvReader;
import dev.strangler.servicekit.config.InvalidConfigException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventConsumerOptionsTest {

  @Test
  void theDefaultsAreUsable() {
    EventConsumerOptions options = EventConsumerOptions.of("catalog", List.of("strangler:events:product"));

    assertThat(options.problems()).isEmpty();
    assertThat(options.startFrom()).isEqualTo(EventConsumerOptions.StartFrom.BEGINNING);
    assertThat(options.maxDeliveries()).isEqualTo(EventConsumerOptions.DEFAULT_MAX_DELIVERIES);
    assertThat(options.consumer()).matches(".+-\\d+");
  }

  @Test
  void deadLetterStreamAndGuardKeysFollowTheConventions() {
    EventConsumerOptions options = EventConsumerOptions.of("catalog", List.of("strangler:events:product")).withGuardPrefix("catalog:applied:");

    assertThat(options.deadLetterStream("strangler:events:product")).isEqualTo("strangler:events:product:dead:catalog");
    assertThat(options.guardKey("Product", "ACME-1")).isEqualTo("catalog:applied:catalog:Product:ACME-1");
  }

  @Test
  void everyProblemIsListed() {
    EventConsumerOptions options = EventConsumerOptions.of(" ", List.of("a", "a")).withBatchSize(0).withConcurrency(0)
        .withRetries(Duration.ZERO, 0).withBlock(Duration.ZERO);

    assertThat(options.problems()).containsExactly("streams must be distinct and not blank (got [a, a])",
        "group and consumer must not be blank", "batchSize must be between 1 and 10000 (got 0)",
        "concurrency must be between 1 and 1000 (got 0)", "maxDeliveries must be at least 1 (got 0)",
        "block must be positive (BLOCK 0 would wait forever and a stop with it)",
        "claimMinIdle, claimInterval, retryDelay and metricsInterval must be positive");
  }

  @Test
  void aServiceReadsItsOptionsFromItsEnvironmentWithEveryProblemListed() {
    EnvReader env = new EnvReader(Map.of("SHOP_EVENTS_PREFIX", "lab:", "SHOP_EVENTS_START_FROM", "new", "SHOP_EVENTS_MAX_DELIVERIES", "3"));

    EventConsumerOptions options = EventConsumerOptions.read(env, "SHOP", "shop-service", List.of("events:product", "events:order"), "redis://127.0.0.1:6379");
    env.validate();

    assertThat(options.streams()).containsExactly("lab:events:product", "lab:events:order");
    assertThat(options.group()).isEqualTo("shop-service");
    assertThat(options.startFrom()).isEqualTo(EventConsumerOptions.StartFrom.NEW);
    assertThat(options.maxDeliveries()).isEqualTo(3);

    EnvReader bad = new EnvReader(Map.of("SHOP_EVENTS_PREFIX", "lab", "SHOP_EVENTS_START_FROM", "later"));
    EventConsumerOptions.read(bad, "SHOP", "shop-service", List.of("events:product"), null);
    assertThatThrownBy(bad::validate).isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("SHOP_EVENTS_PREFIX must end with ':'").hasMessageContaining("SHOP_EVENTS_START_FROM must be beginning or new");
  }

  @Test
  void onAClusterTheEventsPrefixMustCarryAHashTagSoThatOneReadCoversEveryStream() {
    String cluster = "redis-cluster://10.0.0.1:6379,10.0.0.2:6379";
    EnvReader untagged = new EnvReader(Map.of());
    EventConsumerOptions.read(untagged, "SHOP", "shop-service", List.of("events:product", "events:order"), cluster);
    assertThatThrownBy(untagged::validate).isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("SHOP_EVENTS_PREFIX must carry a hash tag on a Redis Cluster").hasMessageContaining("'{strangler}:'");

    EnvReader tagged = new EnvReader(Map.of("SHOP_EVENTS_PREFIX", "{strangler}:"));
    EventConsumerOptions options = EventConsumerOptions.read(tagged, "SHOP", "shop-service", List.of("events:product"), cluster);
    tagged.validate();
    assertThat(options.streams()).containsExactly("{strangler}:events:product");
  }
}
