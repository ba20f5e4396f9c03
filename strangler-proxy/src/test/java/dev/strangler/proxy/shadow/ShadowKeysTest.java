package dev.strangler.proxy.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShadowKeysTest {

  @Test
  void everyKeyStartsWithThePrefixAndNamesItsRoute() {
    ShadowKeys keys = ShadowResultsOptions.defaults("redis://127.0.0.1:6379").withKeyPrefix("fleet:").keys();

    assertThat(keys.stream()).isEqualTo("fleet:{shadow}:results");
    assertThat(keys.routes()).isEqualTo("fleet:{shadow}:routes");
    assertThat(keys.summary("catalog-read")).isEqualTo("fleet:{shadow}:summary:catalog-read");
    assertThat(keys.paths("catalog-read")).isEqualTo("fleet:{shadow}:paths:catalog-read");
    assertThat(keys.latency("catalog-read")).isEqualTo("fleet:{shadow}:latency:catalog-read");
  }

  @Test
  void theDefaultPrefixIsTheProxysOwn() {
    assertThat(ShadowResultsOptions.defaults("redis://127.0.0.1:6379").keys().stream()).isEqualTo("strangler:{shadow}:results");
  }

  @Test
  void optionsNeverPrintTheRedisUrl() {
    assertThat(ShadowResultsOptions.defaults("redis://:hunter2hunter2@10.0.0.1:6379").toString()).doesNotContain("hunter2");
  }
}
