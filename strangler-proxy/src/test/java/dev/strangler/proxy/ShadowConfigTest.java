package dev.strangler.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.strangler.compare.CompareRules;
import dev.strangler.proxy.shadow.ShadowOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shadow's settings and the compare rules file, read from the environment at start-up. */
class ShadowConfigTest {

  @TempDir
  Path dir;

  @Test
  void withoutSettingsShadowingUsesItsDefaultsAndTheDefaultCompareRules() {
    ShadowOptions shadow = ProxyConfig.fromEnvironment(Map.of()).shadow();

    assertThat(shadow).isEqualTo(ShadowOptions.DEFAULTS);
    assertThat(shadow.rules().forRoute("any")).isEqualTo(CompareRules.DEFAULTS);
  }

  @Test
  void readsThePoolTheCompareQueueAndTheRulesFile() throws Exception {
    Path rules = Files.writeString(dir.resolve("compare-rules.yaml"), """
        apiVersion: strangler/v1
        routes:
          products:
            ignore: [/generatedAt]
        """);

    ShadowOptions shadow = ProxyConfig.fromEnvironment(Map.of("STRANGLER_SHADOW_POOL_SIZE", "4",
        "STRANGLER_SHADOW_CONNECT_TIMEOUT_MS", "250", "STRANGLER_SHADOW_COMPARE_QUEUE", "10",
        "STRANGLER_SHADOW_COMPARE_THREADS", "2", "STRANGLER_COMPARE_RULES", rules.toString())).shadow();

    assertThat(shadow.poolSize()).isEqualTo(4);
    assertThat(shadow.connectTimeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(shadow.compareQueue()).isEqualTo(10);
    assertThat(shadow.compareThreads()).isEqualTo(2);
    assertThat(shadow.rules().forRoute("products").ignore()).hasSize(1);
    assertThat(shadow.rules().forRoute("other")).isEqualTo(CompareRules.DEFAULTS);
    assertThat(shadow.rulesSource()).isEqualTo(rules.toString());
  }

  @Test
  void readsTheCandidateBreakerAndRefusesOneThatNeverOpens() {
    ShadowOptions shadow = ProxyConfig.fromEnvironment(Map.of("STRANGLER_SHADOW_CANDIDATE_MAX_FAILURES", "3",
        "STRANGLER_SHADOW_CANDIDATE_COOL_DOWN_MS", "1500")).shadow();

    assertThat(shadow.candidateMaxFailures()).isEqualTo(3);
    assertThat(shadow.candidateCoolDown()).isEqualTo(Duration.ofMillis(1500));
    assertThat(ShadowOptions.DEFAULTS.candidateMaxFailures()).isEqualTo(5);
    ProxyConfig.InvalidConfigException e = catchThrowableOfType(ProxyConfig.InvalidConfigException.class,
        () -> ProxyConfig.fromEnvironment(Map.of("STRANGLER_SHADOW_CANDIDATE_MAX_FAILURES", "0")));
    assertThat(e.problems()).containsExactly("STRANGLER_SHADOW_CANDIDATE_MAX_FAILURES must be between 1 and 1000 (got 0)");
  }

  @Test
  void anInvalidRulesFileStopsTheStartWithEachOfItsProblems() throws Exception {
    Path rules = Files.writeString(dir.resolve("compare-rules.yaml"), """
        apiVersion: strangler/v0
        defaults:
          maxBodyBytes: -1
        """);

    ProxyConfig.InvalidConfigException e = catchThrowableOfType(ProxyConfig.InvalidConfigException.class,
        () -> ProxyConfig.fromEnvironment(Map.of("STRANGLER_COMPARE_RULES", rules.toString(),
            "STRANGLER_SHADOW_POOL_SIZE", "0")));

    assertThat(e.problems()).containsExactly(
        "STRANGLER_SHADOW_POOL_SIZE must be between 1 and 1024 (got 0)",
        "STRANGLER_COMPARE_RULES (" + rules + ") apiVersion: must be 'strangler/v1', was 'strangler/v0'",
        "STRANGLER_COMPARE_RULES (" + rules + ") defaults.maxBodyBytes: must be a whole number > 0, was -1");
  }

  @Test
  void aRulesFileThatIsNotThereIsAProblem() {
    ProxyConfig.InvalidConfigException e = catchThrowableOfType(ProxyConfig.InvalidConfigException.class,
        () -> ProxyConfig.fromEnvironment(Map.of("STRANGLER_COMPARE_RULES", dir.resolve("missing.yaml").toString())));

    assertThat(e.problems()).singleElement().asString().startsWith("STRANGLER_COMPARE_RULES can't be read (");
  }
}
