package dev.strangler.redis.vertx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.testsupport.RedisWithTls;
import dev.strangler.testsupport.TestCertificates;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Vert.x client built by {@link RedisClientOptions} against a redis-server that speaks only TLS. */
class RedisTlsIT {

  /** Every failure must come well before this: no call may hang. */
  private static final Duration WITHIN = Duration.ofSeconds(5);

  private static RedisWithTls server;
  private static Vertx vertx;

  @BeforeAll
  static void start() throws Exception {
    server = RedisWithTls.start();
    vertx = Vertx.vertx();
    // The first TLS connection of a JVM loads its TLS machinery (seconds on a loaded machine): not what is measured.
    send(Redis.createClient(vertx, RedisClientOptions.of(server.url())), Request.cmd(Command.PING));
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
    server.close();
  }

  @Test
  void aRedissUrlNamingTheTestCaWritesAndReads() throws Exception {
    Redis redis = Redis.createClient(vertx, RedisClientOptions.of(server.url()));

    send(redis, Request.cmd(Command.SET).arg("tls:probe").arg("over-tls"));

    assertThat(send(redis, Request.cmd(Command.GET).arg("tls:probe"))).hasToString("over-tls");
  }

  @Test
  void aCertificateTheJvmDoesNotTrustIsRefusedAtOnce() {
    Redis redis = Redis.createClient(vertx, RedisClientOptions.of(server.untrustedUrl()));

    assertThatThrownBy(() -> send(redis, Request.cmd(Command.PING))).hasStackTraceContaining("PKIX path building failed");
  }

  @Test
  void aCertificateThatDoesNotNameTheHostIsRefused() {
    try (RedisWithTls other = RedisWithTls.start(TestCertificates.create("DNS:redis.example"), List.of())) {
      Redis redis = Redis.createClient(vertx, RedisClientOptions.of(other.url()));

      assertThatThrownBy(() -> send(redis, Request.cmd(Command.PING))).hasStackTraceContaining("127.0.0.1");
    }
  }

  @Test
  void aServerThatRequiresClientCertificatesTakesTheUrlsAndRefusesAClientWithout() throws Exception {
    try (RedisWithTls mutual = RedisWithTls.start(List.of("--tls-auth-clients", "yes"))) {
      Redis withCertificate = Redis.createClient(vertx, RedisClientOptions.of(mutual.urlWithClientCertificate()));
      Redis without = Redis.createClient(vertx, RedisClientOptions.of(mutual.url()));

      assertThat(send(withCertificate, Request.cmd(Command.PING))).hasToString("PONG");
      assertThatThrownBy(() -> send(without, Request.cmd(Command.PING))).hasStackTraceContaining("certificate_required");
    }
  }

  @Test
  void plainTextToATlsPortFailsAtOnce() {
    Redis redis = Redis.createClient(vertx, RedisClientOptions.of(server.plainUrl()));

    assertThatThrownBy(() -> send(redis, Request.cmd(Command.PING))).hasMessageMatching("(?i).*connection (reset|closed).*");
  }

  private static Response send(Redis redis, Request request) throws Exception {
    long start = System.nanoTime();
    Future<Response> reply = redis.send(request);
    try {
      return reply.toCompletionStage().toCompletableFuture().get(WITHIN.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      System.out.printf("[tls] %s failed after %d ms: %s%n", request.command(), (System.nanoTime() - start) / 1_000_000,
          e.getCause());
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }
}
