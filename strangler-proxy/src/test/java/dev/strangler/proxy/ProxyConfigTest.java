package dev.strangler.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxyConfigTest {

  @Test
  void anEmptyEnvironmentGivesTheDocumentedDefaults() {
    assertThat(ProxyConfig.fromEnvironment(Map.of())).isEqualTo(ProxyOptions.defaults());
  }

  @Test
  void readsEverySetting() {
    ProxyOptions options = ProxyConfig.fromEnvironment(Map.of(
        "STRANGLER_PUBLIC_HOST", "127.0.0.1", "STRANGLER_PUBLIC_PORT", "9000",
        "STRANGLER_LEGACY_URL", "http://legacy:8081", "STRANGLER_CONNECT_TIMEOUT_MS", "500",
        "STRANGLER_RESPONSE_TIMEOUT_MS", "1500"));

    assertThat(options).isEqualTo(new ProxyOptions("127.0.0.1", 9000, URI.create("http://legacy:8081"),
        Duration.ofMillis(500), Duration.ofMillis(1500)));
  }

  @Test
  void reportsEveryProblemAtOnceNamingTheSetting() {
    ProxyConfig.InvalidConfigException e = catchThrowableOfType(ProxyConfig.InvalidConfigException.class,
        () -> ProxyConfig.fromEnvironment(Map.of("STRANGLER_PUBLIC_PORT", "eighty",
            "STRANGLER_LEGACY_URL", "ftp://legacy", "STRANGLER_RESPONSE_TIMEOUT_MS", "0")));

    assertThat(e.problems()).containsExactly(
        "STRANGLER_PUBLIC_PORT must be a whole number (got 'eighty')",
        "STRANGLER_LEGACY_URL must be an http:// or https:// URL (got 'ftp://legacy')",
        "STRANGLER_RESPONSE_TIMEOUT_MS must be between 1 and 3600000 (got 0)");
  }
}
