package dev.strangler.proxy.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.proxy.idempotency.IdempotencyStore.Claim;
import dev.strangler.proxy.redis.LoopRedis;
import dev.strangler.testsupport.OnVertx;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/** The entry's life in the real Redis: one claim wins, only its holder completes or lets it go, a kept answer comes back whole. */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class IdempotencyStoreIT {

  private static final Duration LOCK = Duration.ofSeconds(30);
  private static final Duration TTL = Duration.ofMinutes(10);

  private Vertx vertx;
  private RedisNamespace ns;
  private IdempotencyStore store;
  private String entry;

  @BeforeEach
  void start(Vertx vertx, RedisNamespace ns) {
    this.vertx = vertx;
    this.ns = ns;
    LoopRedis redis = OnVertx.await(vertx, () -> Future.succeededFuture(
        new LoopRedis(vertx, ns.endpoint().uri(), Duration.ofSeconds(2), LoopRedis.DEFAULT_PAUSE_AFTER_FAILURE)));
    store = new IdempotencyStore(redis::send);
    entry = new IdempotencyKeys(ns.prefix()).entry("checkout", "k-1", "client:127.0.0.1");
  }

  private <T> T await(Supplier<Future<T>> call) {
    return OnVertx.await(vertx, call);
  }

  @Test
  void theFirstClaimWinsAndTheNextSeesItInProgressOrAMismatch() {
    assertThat(await(() -> store.claim(entry, "fp-a", "token-1", LOCK))).isEqualTo(new Claim.Claimed("token-1"));
    assertThat(await(() -> store.claim(entry, "fp-a", "token-2", LOCK))).isEqualTo(new Claim.InProgress());
    assertThat(await(() -> store.claim(entry, "fp-b", "token-3", LOCK))).isEqualTo(new Claim.Mismatch());
  }

  @Test
  void aCompletedEntryReplaysStatusHeadersAndBodyByteForByte() {
    await(() -> store.claim(entry, "fp-a", "token-1", LOCK));
    Buffer binary = Buffer.buffer(new byte[] {0, (byte) 0xff, 10, 13, 'x'});
    StoredAnswer answer = new StoredAnswer(201, List.of(Map.entry("Location", "/orders/7"), Map.entry("X-Trace", "a"),
        Map.entry("X-Trace", "b")), binary);

    assertThat(await(() -> store.complete(entry, "token-1", answer, TTL))).isTrue();
    Claim again = await(() -> store.claim(entry, "fp-a", "token-2", LOCK));

    assertThat(again).isInstanceOf(Claim.Replay.class);
    StoredAnswer replayed = ((Claim.Replay) again).answer();
    assertThat(replayed.status()).isEqualTo(201);
    assertThat(replayed.headers()).isEqualTo(answer.headers());
    assertThat(replayed.body().getBytes()).isEqualTo(binary.getBytes());
    assertThat(await(() -> store.claim(entry, "fp-b", "token-3", LOCK))).as("a completed key still refuses another request")
        .isEqualTo(new Claim.Mismatch());
    try (Jedis jedis = ns.endpoint().connect()) {
      assertThat(jedis.pttl(entry)).isBetween(TTL.minusSeconds(5).toMillis(), TTL.toMillis());
    }
  }

  @Test
  void onlyTheHolderCompletesOrReleasesAClaim() {
    await(() -> store.claim(entry, "fp-a", "token-1", LOCK));
    StoredAnswer answer = new StoredAnswer(200, List.of(), Buffer.buffer("ok"));

    assertThat(await(() -> store.complete(entry, "someone-else", answer, TTL))).isFalse();
    await(() -> store.release(entry, "someone-else"));
    assertThat(await(() -> store.claim(entry, "fp-a", "token-2", LOCK))).as("still held").isEqualTo(new Claim.InProgress());

    await(() -> store.release(entry, "token-1"));
    assertThat(await(() -> store.claim(entry, "fp-a", "token-2", LOCK))).as("let go: a retry runs")
        .isEqualTo(new Claim.Claimed("token-2"));
    await(() -> store.release(entry, "token-1"));
    assertThat(await(() -> store.claim(entry, "fp-a", "token-3", LOCK))).as("a stale holder can't free the new claim")
        .isEqualTo(new Claim.InProgress());
  }

  @Test
  void aCompletedEntryIsNeverLetGoAndAnUnreplayableOneSaysSo() {
    await(() -> store.claim(entry, "fp-a", "token-1", LOCK));
    assertThat(await(() -> store.completeUnreplayable(entry, "token-1", 201, TTL))).isTrue();

    await(() -> store.release(entry, "token-1"));

    assertThat(await(() -> store.claim(entry, "fp-a", "token-2", LOCK))).isEqualTo(new Claim.Unreplayable());
    assertThat(await(() -> store.complete(entry, "token-1", new StoredAnswer(201, List.of(), Buffer.buffer()), TTL)))
        .as("completed once only").isFalse();
  }
}
