package dev.strangler.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Whether Testcontainers can be used: a Docker engine is configured and answers. */
public final class DockerAvailability {

  private static volatile Boolean cached;

  private DockerAvailability() {}

  public static boolean isAvailable() {
    Boolean answer = cached;
    if (answer == null) {
      answer = configured(System.getenv(), Path.of(System.getProperty("user.home"))) && engineAnswers();
      cached = answer;
    }
    return answer;
  }

  /**
   * Cheap first check, so machines without Docker don't wait for Testcontainers' probing: a
   * DOCKER_HOST, a Testcontainers config file, or a local socket must exist.
   */
  static boolean configured(Map<String, String> env, Path home) {
    return env.containsKey("DOCKER_HOST")
        || Files.exists(home.resolve(".testcontainers.properties"))
        || Files.exists(Path.of("/var/run/docker.sock"))
        || Files.exists(home.resolve(".docker/run/docker.sock"));
  }

  private static boolean engineAnswers() {
    try {
      return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }
}
