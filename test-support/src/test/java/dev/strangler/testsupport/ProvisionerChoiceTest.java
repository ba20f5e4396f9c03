package dev.strangler.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first rung of each ladder: a configured URL wins and nothing else is asked. */
class ProvisionerChoiceTest {

  @Test
  void redisUrlWinsWithoutAskingForDocker() {
    RedisEndpoint endpoint = RedisProvisioner.choose(Map.of("REDIS_URL", "redis://127.0.0.9:7000/2"),
        () -> { throw new AssertionError("Docker must not be probed when REDIS_URL is set"); });

    assertThat(endpoint.uri()).isEqualTo("redis://127.0.0.9:7000/2");
    assertThat(endpoint.source()).isEqualTo("REDIS_URL");
  }

  @Test
  void databaseUrlWinsWithoutAskingForDocker() {
    PostgresEndpoint endpoint = PostgresProvisioner.choose(Map.of("DATABASE_URL", "postgresql://u@127.0.0.9:6000/d"),
        () -> { throw new AssertionError("Docker must not be probed when DATABASE_URL is set"); });

    assertThat(endpoint.port()).isEqualTo(6000);
    assertThat(endpoint.source()).isEqualTo("DATABASE_URL");
  }

  @Test
  void dockerIsNotConsideredWithoutHostSocketOrConfig(@TempDir Path home) {
    assertThat(DockerAvailability.configured(Map.of("DOCKER_HOST", "tcp://127.0.0.1:2375"), home)).isTrue();
    // A bare home and no DOCKER_HOST: only a real socket on this machine can make it true.
    boolean socket = java.nio.file.Files.exists(Path.of("/var/run/docker.sock"));
    assertThat(DockerAvailability.configured(Map.of(), home)).isEqualTo(socket);
  }

  @Test
  void labelsBecomeSafeUniqueNames() {
    String a = Labels.unique("My IT / weird*chars");
    String b = Labels.unique("My IT / weird*chars");

    assertThat(a).matches("my_it_weird_chars_[0-9a-f]{12}");
    assertThat(a).isNotEqualTo(b);
  }
}
