package dev.strangler.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RedisEndpointTest {

  @Test
  void readsHostPortAndDatabaseFromARedisUrl() {
    RedisEndpoint endpoint = RedisEndpoint.parse("redis://10.0.0.5:6380/3", "REDIS_URL");

    assertThat(endpoint.host()).isEqualTo("10.0.0.5");
    assertThat(endpoint.port()).isEqualTo(6380);
    assertThat(endpoint.database()).isEqualTo(3);
    assertThat(endpoint.username()).isNull();
    assertThat(endpoint.password()).isNull();
  }

  @Test
  void defaultsToPort6379AndDatabaseZero() {
    RedisEndpoint endpoint = RedisEndpoint.parse("redis://localhost", "REDIS_URL");

    assertThat(endpoint.port()).isEqualTo(6379);
    assertThat(endpoint.database()).isZero();
    assertThat(endpoint.uri()).isEqualTo("redis://localhost:6379/0");
  }

  @Test
  void readsAclUserAndPasswordAndRoundTripsThem() {
    RedisEndpoint endpoint = RedisEndpoint.parse("redis://proxy:s%40cret@h:1/0", "REDIS_URL");

    assertThat(endpoint.username()).isEqualTo("proxy");
    assertThat(endpoint.password()).isEqualTo("s@cret");
    assertThat(RedisEndpoint.parse(endpoint.uri(), "again")).isEqualTo(new RedisEndpoint("h", 1, "proxy", "s@cret", 0, "again"));
  }

  @Test
  void readsAPasswordWithoutAUser() {
    RedisEndpoint endpoint = RedisEndpoint.parse("redis://:pw@h:1", "REDIS_URL");

    assertThat(endpoint.username()).isNull();
    assertThat(endpoint.password()).isEqualTo("pw");
  }

  @Test
  void neverPrintsThePassword() {
    assertThat(RedisEndpoint.parse("redis://u:topsecret@h:1/0", "REDIS_URL").toString()).doesNotContain("topsecret");
  }

  @Test
  void rejectsOtherSchemesAndBadDatabasesWithAPreciseMessage() {
    assertThatThrownBy(() -> RedisEndpoint.parse("http://h:1", "x")).hasMessageContaining("redis://");
    assertThatThrownBy(() -> RedisEndpoint.parse("redis://h:1/zero", "x")).hasMessageContaining("database must be a number");
  }
}
