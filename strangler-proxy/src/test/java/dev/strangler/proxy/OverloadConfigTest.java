package dev.strangler.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.strangler.proxy.overload.OverloadOptions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Overload protection's settings, read from the environment at start-up, every bad value named. */
class OverloadConfigTest {

  @Test
  void withoutSettingsTheNamedDefaultsApplyWithTheInFlightCapDerivedFromTheHeap() {
    OverloadOptions overload = ProxyConfig.fromEnvironment(Map.of()).overload();

    assertThat(overload).isEqualTo(OverloadOptions.defaults());
    assertThat(overload.maxInFlight()).isEqualTo(OverloadOptions.defaultMaxInFlight(Runtime.getRuntime().maxMemory()));
    assertThat(overload.backendMaxInFlight()).isEqualTo(256);
    assertThat(overload.maxConnections()).isEqualTo(10_000);
    assertThat(overload.lagThreshold()).isEqualTo(Duration.ofMillis(500));
    assertThat(overload.heapThresholdPercent()).isEqualTo(90);
    assertThat(overload.backendQueue()).isEqualTo(256);
    assertThat(overload.heldAnswersHeapPercent()).isEqualTo(25);
    assertThat(overload.heldAnswersBudget(1_000_000)).isEqualTo(250_000);
  }

  @Test
  void readsEveryOverloadSetting() {
    OverloadOptions overload = ProxyConfig.fromEnvironment(Map.of("STRANGLER_MAX_IN_FLIGHT", "500",
        "STRANGLER_BACKEND_MAX_IN_FLIGHT", "50", "STRANGLER_MAX_CONNECTIONS", "2000",
        "STRANGLER_SHED_RETRY_AFTER_SECONDS", "3", "STRANGLER_SHED_LAG_MS", "300", "STRANGLER_SHED_LAG_RECOVERY_MS", "40",
        "STRANGLER_SHED_LAG_PERCENT", "25", "STRANGLER_SHED_HEAP_PERCENT", "85",
        "STRANGLER_SHED_HEAP_RECOVERY_PERCENT", "70", "STRANGLER_BACKEND_QUEUE", "0")).overload();

    assertThat(overload).isEqualTo(new OverloadOptions(500, 50, 2000, Duration.ofSeconds(3), Duration.ofMillis(300),
        Duration.ofMillis(40), 25, 85, 70, 0, OverloadOptions.DEFAULT_HELD_ANSWERS_HEAP_PERCENT));
  }

  @Test
  void heldAnswersGetTheShareOfTheHeapTheSettingGivesAndNoneAtZero() {
    OverloadOptions tenth = ProxyConfig.fromEnvironment(Map.of("STRANGLER_HOLD_ANSWERS_HEAP_PERCENT", "10")).overload();
    OverloadOptions none = ProxyConfig.fromEnvironment(Map.of("STRANGLER_HOLD_ANSWERS_HEAP_PERCENT", "0")).overload();

    assertThat(tenth.heldAnswersHeapPercent()).isEqualTo(10);
    assertThat(tenth.heldAnswersBudget(1_000_000)).isEqualTo(100_000);
    assertThat(none.heldAnswersBudget(Runtime.getRuntime().maxMemory())).as("0: no answer is held").isZero();
  }

  @Test
  void zeroTurnsLagAndHeapSheddingOff() {
    OverloadOptions overload = ProxyConfig.fromEnvironment(Map.of("STRANGLER_SHED_LAG_MS", "0",
        "STRANGLER_SHED_HEAP_PERCENT", "0")).overload();

    assertThat(overload.lagShedding()).isFalse();
    assertThat(overload.heapShedding()).isFalse();
  }

  @Test
  void reportsEveryBadValueAtOnceNamingTheSetting() {
    ProxyConfig.InvalidConfigException e = catchThrowableOfType(ProxyConfig.InvalidConfigException.class,
        () -> ProxyConfig.fromEnvironment(Map.of("STRANGLER_MAX_IN_FLIGHT", "0", "STRANGLER_BACKEND_MAX_IN_FLIGHT", "many",
            "STRANGLER_MAX_CONNECTIONS", "-5", "STRANGLER_SHED_RETRY_AFTER_SECONDS", "0", "STRANGLER_SHED_LAG_PERCENT", "101",
            "STRANGLER_SHED_HEAP_PERCENT", "100", "STRANGLER_BACKEND_QUEUE", "-1", "STRANGLER_HOLD_ANSWERS_HEAP_PERCENT", "76")));

    assertThat(e.problems()).containsExactly(
        "STRANGLER_MAX_IN_FLIGHT must be between 1 and 1000000 (got 0)",
        "STRANGLER_BACKEND_MAX_IN_FLIGHT must be a whole number (got 'many')",
        "STRANGLER_MAX_CONNECTIONS must be between 1 and 1000000 (got -5)",
        "STRANGLER_BACKEND_QUEUE must be between 0 and 100000 (got -1)",
        "STRANGLER_SHED_RETRY_AFTER_SECONDS must be between 1 and 3600 (got 0)",
        "STRANGLER_SHED_LAG_PERCENT must be between 1 and 100 (got 101)",
        "STRANGLER_SHED_HEAP_PERCENT must be between 0 and 99 (got 100)",
        "STRANGLER_HOLD_ANSWERS_HEAP_PERCENT must be between 0 and 75 (got 76)");
  }

  @Test
  void aRecoveryMustSitBelowItsThresholdOrSheddingWouldNeverStop() {
    ProxyConfig.InvalidConfigException e = catchThrowableOfType(ProxyConfig.InvalidConfigException.class,
        () -> ProxyConfig.fromEnvironment(Map.of("STRANGLER_SHED_LAG_MS", "100", "STRANGLER_SHED_LAG_RECOVERY_MS", "100",
            "STRANGLER_SHED_HEAP_PERCENT", "80", "STRANGLER_SHED_HEAP_RECOVERY_PERCENT", "85")));

    assertThat(e.problems()).containsExactly(
        "STRANGLER_SHED_LAG_RECOVERY_MS (100) must be below STRANGLER_SHED_LAG_MS (100): shedding stops under the recovery lag",
        "STRANGLER_SHED_HEAP_RECOVERY_PERCENT (85) must be below STRANGLER_SHED_HEAP_PERCENT (80): shedding stops under the "
            + "recovery share");
  }

  @Test
  void thresholdsSoLowThatOrdinaryPausesWouldShedAreRefused() {
    ProxyConfig.InvalidConfigException e = catchThrowableOfType(ProxyConfig.InvalidConfigException.class,
        () -> ProxyConfig.fromEnvironment(Map.of("STRANGLER_SHED_LAG_MS", "5", "STRANGLER_SHED_LAG_RECOVERY_MS", "1",
            "STRANGLER_SHED_HEAP_PERCENT", "30", "STRANGLER_SHED_HEAP_RECOVERY_PERCENT", "20")));

    assertThat(e.problems()).containsExactly(
        "STRANGLER_SHED_LAG_MS must be 0 (off) or at least 10 ms: shorter pauses are ordinary garbage collection (got 5)",
        "STRANGLER_SHED_HEAP_PERCENT must be 0 (off) or at least 50 (got 30)");
  }
}
