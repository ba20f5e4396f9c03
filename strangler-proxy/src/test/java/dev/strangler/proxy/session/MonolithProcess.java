package dev.strangler.proxy.session;

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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real monolith (Acme Shop), run from its Spring Boot jar as the lab runs it, on a database and a Redis
 * namespace of the test's own, with the seed data (customer001@acme.test / password123).
 */
final class MonolithProcess implements AutoCloseable {

  /** Where the build copies the jar (see the proxy's pom). */
  static final String JAR_PROPERTY = "strangler.monolith.jar";
  static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  private final Process process;
  private final int port;
  private final Path log;

  private MonolithProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts it and returns once its health endpoint answers. */
  static MonolithProcess start(PostgresDatabase database, RedisNamespace redis, String sessionNamespace) throws IOException {
    String jar = System.getProperty(JAR_PROPERTY);
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException("no monolith jar at " + jar + ": run through Maven (mvn verify -pl strangler-proxy -am), "
          + "which builds legacy-monolith and copies its jar");
    }
    int port = FreePort.find();
    Path log = Files.createTempFile("monolith-", ".log");
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder = new ProcessBuilder(java, "-Xmx384m", "-jar", jar).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.put("SERVER_PORT", String.valueOf(port));
    env.put("ACME_SEED", "true");
    env.put("SPRING_DATASOURCE_URL", database.jdbcUrl());
    env.put("SPRING_DATASOURCE_USERNAME", database.username());
    env.put("SPRING_DATASOURCE_PASSWORD", database.password() == null ? "" : database.password());
    env.put("SPRING_DATA_REDIS_URL", redis.endpoint().uri());
    env.put("SPRING_SESSION_DATA_REDIS_NAMESPACE", sessionNamespace);
    MonolithProcess monolith = new MonolithProcess(builder.start(), port, log);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    try {
      await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> {
        if (!monolith.process.isAlive()) {
          throw new IllegalStateException("the monolith exited: " + monolith.tail());
        }
        return monolith.healthy(http);
      });
    } catch (RuntimeException e) {
      monolith.close();
      throw e;
    }
    return monolith;
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    process.destroy(); // SIGTERM: Spring Boot shuts down gracefully
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      Files.deleteIfExists(log);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException ignored) {
      // a temp file left behind is harmless
    }
  }

  private boolean healthy(HttpClient http) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(url() + "/actuator/health")).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private String tail() {
    try {
      String all = Files.readString(log);
      return all.substring(Math.max(0, all.length() - 3000));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
