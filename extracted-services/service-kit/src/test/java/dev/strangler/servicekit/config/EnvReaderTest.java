package dev.strangler.servicekit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvReaderTest {

  @Test
  void blankOrMissingTakesTheDefault() {
    EnvReader env = new EnvReader(Map.of("A_PORT", " ", "A_ON", ""));

    assertThat(env.integer("A_PORT", 8082, 0, 65535)).isEqualTo(8082);
    assertThat(env.bool("A_ON", true)).isTrue();
    assertThat(env.redisUrl("A_REDIS", null)).isNull();
    env.validate();
  }

  @Test
  void everyProblemIsCollectedAndReportedOnce() {
    EnvReader env = new EnvReader(Map.of("A_PORT", "70000", "A_ON", "maybe", "A_URL", "http://u:pw@x", "A_GRACE", "x"));
    env.integer("A_PORT", 1, 0, 65535);
    env.bool("A_ON", false);
    env.redisUrl("A_URL", null);
    env.millis("A_GRACE", Duration.ofSeconds(1), Duration.ofMinutes(1));
    env.require(false, "A and B disagree");

    assertThatThrownBy(env::validate).isInstanceOf(InvalidConfigException.class)
        .satisfies(e -> assertThat(((InvalidConfigException) e).problems()).containsExactly(
            "A_PORT must be between 0 and 65535 (got 70000)",
            "A_ON must be true or false (got 'maybe')",
            "A_URL: Redis URL must start with redis://, rediss://, redis-sentinel://, rediss-sentinel://, redis-cluster:// "
                + "or rediss-cluster:// (got 'http://u:***@x')",
            "A_GRACE must be a whole number (got 'x')",
            "A and B disagree"));
  }

  @Test
  void serviceOptionsReadTheirPrefixedVariables() {
    EnvReader env = new EnvReader(Map.of("SHOP_HTTP_PORT", "9000", "SHOP_DISCOVERY_REDIS_URL", "redis://r:6379",
        "SHOP_SHUTDOWN_GRACE_MS", "1500"));

    ServiceOptions options = ServiceOptions.read(env, "SHOP", "shop", 8080);

    assertThat(options).isEqualTo(new ServiceOptions("shop", ServiceOptions.DEFAULT_VERSION, ServiceOptions.DEFAULT_HOST, 9000,
        ServiceOptions.DEFAULT_ADVERTISED_HOST, "redis://r:6379", ServiceOptions.DEFAULT_DISCOVERY_PREFIX, Duration.ofMillis(1500), null));
  }

  @Test
  void theIdentityKeyMustBeAsLongAsTheProxysAndIsNeverPrinted() {
    String key = "k".repeat(ServiceOptions.MIN_IDENTITY_KEY_BYTES);
    EnvReader good = new EnvReader(Map.of("SHOP_IDENTITY_KEY", key));
    ServiceOptions options = ServiceOptions.read(good, "SHOP", "shop", 8080);
    good.validate();

    assertThat(options.identityKey()).isEqualTo(key);
    assertThat(options.toString()).doesNotContain(key).contains("identityKey=***");

    EnvReader shortKey = new EnvReader(Map.of("SHOP_IDENTITY_KEY", "too-short"));
    ServiceOptions.read(shortKey, "SHOP", "shop", 8080);
    assertThatThrownBy(shortKey::validate).isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("SHOP_IDENTITY_KEY must be at least 32 bytes");
  }
}
