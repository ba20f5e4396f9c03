package dev.strangler.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.strangler.proxy.idempotency.IdempotencyOptions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where idempotency keys are kept, read from STRANGLER_IDEMPOTENCY_* (else the route store's Redis), every problem listed. */
class IdempotencyConfigTest {

  private static final String BAD_SCHEME = "Redis URL must start with redis://, rediss://, redis-sentinel://, "
      + "rediss-sentinel://, redis-cluster:// or rediss-cluster://";

  @Test
  void keysUseTheRouteStoresRedisAndPrefixUnlessTheyHaveTheirOwn() {
    assertThat(ProxyConfig.fromEnvironment(Map.of()).idempotency()).as("no Redis: require routes answer 503").isNull();

    ProxySettings shared = ProxyConfig.fromEnvironment(Map.of("STRANGLER_REDIS_URL", "redis://10.0.0.1:6379",
        "STRANGLER_REDIS_PREFIX", "fleet:"));
    ProxySettings own = ProxyConfig.fromEnvironment(Map.of("STRANGLER_ROUTES_FILE", "/etc/routes.yaml",
        "STRANGLER_IDEMPOTENCY_REDIS_URL", "redis://keys:6379"));

    assertThat(shared.idempotency()).isEqualTo(IdempotencyOptions.defaults("redis://10.0.0.1:6379").withKeyPrefix("fleet:"));
    assertThat(own.idempotency()).isEqualTo(IdempotencyOptions.defaults("redis://keys:6379"));
  }

  @Test
  void readsEverySetting() {
    ProxySettings settings = ProxyConfig.fromEnvironment(Map.of("STRANGLER_IDEMPOTENCY_REDIS_URL", "redis://keys:6379",
        "STRANGLER_IDEMPOTENCY_TIMEOUT_MS", "40", "STRANGLER_IDEMPOTENCY_LOCK_MS", "90000",
        "STRANGLER_IDEMPOTENCY_MAX_RESPONSE_BYTES", "65536"));

    assertThat(settings.idempotency()).isEqualTo(new IdempotencyOptions("redis://keys:6379", "strangler:", Duration.ofMillis(40),
        Duration.ofSeconds(90), 65536));
  }

  @Test
  void reportsEveryProblemWithoutEchoingPasswords() {
    ProxyConfig.InvalidConfigException e = catchThrowableOfType(ProxyConfig.InvalidConfigException.class,
        () -> ProxyConfig.fromEnvironment(Map.of("STRANGLER_IDEMPOTENCY_REDIS_URL", "tcp://keys",
            "STRANGLER_IDEMPOTENCY_TIMEOUT_MS", "0", "STRANGLER_IDEMPOTENCY_LOCK_MS", "1000",
            "STRANGLER_RESPONSE_TIMEOUT_MS", "5000", "STRANGLER_IDEMPOTENCY_MAX_RESPONSE_BYTES", "lots")));

    assertThat(e.problems()).containsExactly(
        "STRANGLER_IDEMPOTENCY_REDIS_URL: " + BAD_SCHEME,
        "STRANGLER_IDEMPOTENCY_TIMEOUT_MS must be between 1 and 60000 (got 0)",
        "STRANGLER_IDEMPOTENCY_LOCK_MS must be longer than the response timeout (5000 ms): a claim must outlast the request"
            + " holding it",
        "STRANGLER_IDEMPOTENCY_MAX_RESPONSE_BYTES must be a whole number (got 'lots')");
    assertThat(ProxyConfig.fromEnvironment(Map.of("STRANGLER_IDEMPOTENCY_REDIS_URL", "redis://:hunter2hunter2@keys:6379"))
        .toString()).doesNotContain("hunter2").contains("idempotency=IdempotencyOptions[keyPrefix=strangler:");
  }
}
