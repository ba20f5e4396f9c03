package dev.strangler.catalog.contract;

import static org.awaitility.Awaitility.await;

import dev.strangler.testsupport.FreePort;
import dev.strangler.testsupport.PostgresDatabase;
import dev.strangler.testsupport.RedisNamespace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The real monolith, its executable jar run as a process (a Spring Boot jar can't be a library here),
 * on a test database and Redis namespace, seeded with the standard demo data.
 */
final class MonolithProcess implements AutoCloseable {

  private final Process process;
  private final URI base;

  private MonolithProcess(Process process, URI base) {
    this.process = process;
    this.base = base;
  }

  /** Starts the jar named by the {@code legacy.monolith.jar} system property and waits until it answers. */
  static MonolithProcess start(PostgresDatabase db, RedisNamespace redis, Path log) {
    String jar = System.getProperty("legacy.monolith.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException("legacy.monolith.jar must name the monolith's jar (failsafe sets it), got " + jar);
    }
    int port = FreePort.find();
    ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-jar", jar));
    Map<String, String> env = builder.environment();
    env.put("SERVER_PORT", Integer.toString(port));
    env.put("SPRING_DATASOURCE_URL", db.jdbcUrl());
    env.put("SPRING_DATASOURCE_USERNAME", db.username());
    env.put("SPRING_DATASOURCE_PASSWORD", db.password() == null ? "" : db.password());
    env.put("SPRING_DATA_REDIS_URL", redis.endpoint().uri());
    env.put("SPRING_SESSION_DATA_REDIS_NAMESPACE", redis.prefix() + "session");
    env.put("ACME_SEED", "true");
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    try {
      Files.createDirectories(log.getParent());
      MonolithProcess monolith = new MonolithProcess(builder.start(), URI.create("http://127.0.0.1:" + port));
      await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(monolith::answers);
      return monolith;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  URI base() {
    return base;
  }

  private boolean answers() {
    if (!process.isAlive()) {
      throw new IllegalStateException("the monolith exited with " + process.exitValue() + "; see its log");
    }
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/api/products?size=1"))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 && response.body().contains("\"totalItems\":1000");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
