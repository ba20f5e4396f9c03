package dev.strangler.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DiscoveryOptionsTest {

  @Test
  void theExpiryMustSpanAtLeastTwoHeartbeatsSoOneLateBeatIsNotADeath() {
    assertThatThrownBy(() -> new DiscoveryOptions("redis://h", "p:", Duration.ofSeconds(1), Duration.ofMillis(1500)))
        .hasMessageContaining("at least two heartbeats");
  }

  @Test
  void keysLiveUnderThePrefixInOneClusterSlot() {
    DiscoveryOptions options = DiscoveryOptions.of("redis://h", "fleet:");

    assertThat(options.recordsKey()).isEqualTo("fleet:{services}:records");
    assertThat(options.heartbeatsKey()).isEqualTo("fleet:{services}:heartbeats");
  }

  @Test
  void neverPrintsTheRedisUrl() {
    assertThat(DiscoveryOptions.of("redis://:secret@h", "p:").toString()).doesNotContain("secret");
  }
}
