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
  void onAWorkerEveryCallToAKilledRedisFailsAsUnavailableEvenWhenTheConnectFailedBeforeItsCallbacksWereSet() {
    server.kill();
    // As the shadow flusher uses it: on a worker, where the refused connect completes on Netty's thread and may do so
    // before connect() returns (CI found an NPE there). No pause, so every call connects anew.
    AtomicReference<io.vertx.core.Context> worker = new AtomicReference<>();
    vertx.deployVerticle(new io.vertx.core.VerticleBase() {
      @Override
      public Future<?> start() {
        worker.set(context);
        return Future.succeededFuture();
      }
    }, new io.vertx.core.DeploymentOptions().setThreadingModel(io.vertx.core.ThreadingModel.WORKER)).await();
    java.util.concurrent.CompletableFuture<List<Throwable>> failures = new java.util.concurrent.CompletableFuture<>();
    worker.get().runOnContext(v -> {
      LoopRedis eager = new LoopRedis(vertx, server.endpoint().uri(), Duration.ofMillis(500), Duration.ZERO);
      List<Throwable> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
      Future<Void> chain = Future.succeededFuture();
      for (int i = 0; i < 300; i++) {
        chain = chain.transform(ar -> {
          try {
            return eager.send(Request.cmd(Command.PING)).transform(r -> {
              seen.add(r.cause());
              return Future.<Void>succeededFuture();
            });
          } catch (RuntimeException e) {
            seen.add(e);
            return Future.succeededFuture();
          }
        });
      }
      chain.eventually(eager::close).onComplete(ar -> failures.complete(seen));
    });
    List<Throwable> seen = failures.orTimeout(60, java.util.concurrent.TimeUnit.SECONDS).join();
    assertThat(seen).hasSize(300).allSatisfy(e -> assertThat(e).isInstanceOf(LoopRedis.Unavailable.class));
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
