package dev.strangler.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HashTagTest {

  @Test
  void followsRedisRuleFirstOpeningBraceToTheFirstClosingOneAfterIt() {
    assertThat(HashTag.of("{strangler}:events:product")).contains("strangler");
    assertThat(HashTag.of("strangler:{routes}:epoch")).contains("routes");
    assertThat(HashTag.of("a{b}{c}")).contains("b");
    assertThat(HashTag.of("a{}{c}")).isEmpty();
    assertThat(HashTag.of("a}{b")).isEmpty();
    assertThat(HashTag.of("strangler:events:product")).isEmpty();
  }

  @Test
  void aClusterPrefixWithoutATagIsAProblemNamingTheSetting() {
    assertThat(HashTag.clusterProblem("redis-cluster://10.0.0.1,10.0.0.2", "RELAY_KEY_PREFIX", "strangler:", "{strangler}:"))
        .hasValueSatisfying(p -> assertThat(p).startsWith("RELAY_KEY_PREFIX must carry a hash tag on a Redis Cluster")
            .contains("e.g. '{strangler}:'", "(got 'strangler:')"));
  }

  @Test
  void aTaggedPrefixOrAnotherDeploymentIsFine() {
    assertThat(HashTag.clusterProblem("redis-cluster://10.0.0.1", "P", "{strangler}:", "{x}:")).isEmpty();
    assertThat(HashTag.clusterProblem("redis://10.0.0.1", "P", "strangler:", "{x}:")).isEmpty();
    assertThat(HashTag.clusterProblem("redis-sentinel://10.0.0.1?master=m", "P", "strangler:", "{x}:")).isEmpty();
    assertThat(HashTag.clusterProblem(null, "P", "strangler:", "{x}:")).isEmpty();
    assertThat(HashTag.clusterProblem("not a url", "P", "strangler:", "{x}:")).isEmpty();
  }
}
