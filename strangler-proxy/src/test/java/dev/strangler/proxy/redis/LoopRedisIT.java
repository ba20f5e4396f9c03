package dev.strangler.proxy.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.strangler.testsupport.RedisServerProcess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** One connection per event loop: bounded calls, a pause after a failure, error replies passed on, scripts by SHA. */
@ExtendWith(VertxExtension.class)
class LoopRedisIT {

  private RedisServerProcess server;
  private Vertx vertx;
  private LoopRedis redis;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    server = RedisServerProcess.start();
    AtomicReference<LoopRedis> created = new AtomicReference<>();
    call(() -> {
      created.set(new LoopRedis(vertx, server.endpoint().uri(), Duration.ofMillis(200), Duration.ofSeconds(1)));
      return Future.succeededFuture();
    });
    redis = created.get();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private <T> T call(java.util.function.Supplier<Future<T>> work) {
    return dev.strangler.testsupport.OnVertx.await(vertx, work);
  }

  private Response send(Request request) {
    return call(() -> redis.send(request));
  }

  @Test
  void anErrorReplyIsPassedOnAndTheNextCallIsServed() {
    send(Request.cmd(Command.SET).arg("k").arg("v"));

    Throwable error = catchThrowable(() -> send(Request.cmd(Command.LPUSH).arg("k").arg("x")));

    assertThat(error).hasMessageStartingWith("WRONGTYPE");
    assertThat(send(Request.cmd(Command.GET).arg("k")).toString()).isEqualTo("v");
  }

  @Test
  void afterATimeoutCallsFailAtOnceForThePauseThenItConnectsAgain() {
    send(Request.cmd(Command.PING));
    server.pause();
    try {
      assertThat(catchThrowable(() -> send(Request.cmd(Command.PING)))).hasMessageContaining("Timeout");
      long start = System.nanoTime();
      Throwable fast = catchThrowable(() -> send(Request.cmd(Command.PING)));
      assertThat(fast).isInstanceOf(LoopRedis.Unavailable.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(100));
    } finally {
      server.resume();
    }
    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
        .until(() -> "PONG".equals(send(Request.cmd(Command.PING)).toString()));
  }

  @Test
  void aScriptRunsByItsShaAndIsSentAgainToARedisThatForgotIt() {
    RedisScript script = new RedisScript("return ARGV[1] .. KEYS[1]");
    assertThat(call(() -> script.run(redis::send, List.of("k"), List.of("v"))).toString()).isEqualTo("vk");

    server.restart(); // an empty Redis: no script cached

    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
        .until(() -> "vk".equals(call(() -> script.run(redis::send, List.of("k"), List.of("v"))).toString()));
  }
}
