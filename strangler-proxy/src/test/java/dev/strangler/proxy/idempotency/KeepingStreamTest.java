package dev.strangler.proxy.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The last chunk and the end of a first answer wait for it to be kept: a client with the whole answer finds it kept. */
class KeepingStreamTest {

  /** A body whose chunks and end a test pushes by hand. */
  private static final class PushedBody implements ReadStream<Buffer> {
    Handler<Buffer> data;
    Handler<Void> end;
    Handler<Throwable> failure;

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
      failure = handler;
      return this;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
      data = handler;
      return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
      return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
      return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
      return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> handler) {
      end = handler;
      return this;
    }
  }

  private final PushedBody body = new PushedBody();
  private final List<String> passed = new ArrayList<>();
  private final AtomicBoolean ended = new AtomicBoolean();
  private final AtomicReference<Buffer> kept = new AtomicReference<>();
  private final Promise<Void> stored = Promise.promise();
  private final AtomicBoolean failed = new AtomicBoolean();

  private KeepingStream stream(long cap) {
    KeepingStream stream = new KeepingStream(body, cap, copy -> {
      kept.set(copy);
      return stored.future();
    }, () -> failed.set(true));
    stream.handler(b -> passed.add(b.toString())).endHandler(v -> ended.set(true)).exceptionHandler(e -> {});
    return stream;
  }

  @Test
  void theLastChunkAndTheEndWaitUntilTheCopyIsStored() {
    stream(100);
    body.data.handle(Buffer.buffer("{\"order\":"));
    body.data.handle(Buffer.buffer("1}"));
    body.end.handle(null);

    assertThat(passed).containsExactly("{\"order\":");
    assertThat(ended).isFalse();
    assertThat(kept.get().toString()).isEqualTo("{\"order\":1}");

    stored.complete();

    assertThat(passed).containsExactly("{\"order\":", "1}");
    assertThat(ended).isTrue();
  }

  @Test
  void aBodyPastTheCapIsKeptAsNullAndStillReachesTheClientWhole() {
    stream(4);
    body.data.handle(Buffer.buffer("abc"));
    body.data.handle(Buffer.buffer("def"));
    body.end.handle(null);
    stored.fail("Redis down");

    assertThat(kept.get()).isNull();
    assertThat(String.join("", passed)).isEqualTo("abcdef");
    assertThat(ended).as("a failed store never keeps the client waiting").isTrue();
  }

  @Test
  void anEmptyBodyEndsOnceStoredAndAFailedOneLetsTheClaimGo() {
    stream(4);
    body.end.handle(null);
    assertThat(ended).isFalse();
    stored.complete();
    assertThat(ended).isTrue();
    assertThat(kept.get().length()).isZero();

    body.failure.handle(new IllegalStateException("cut"));
    assertThat(failed).isTrue();
  }

  @Test
  void nothingIsHeldBeyondOneChunk() {
    stream(1024);
    for (int i = 0; i < 5; i++) {
      body.data.handle(Buffer.buffer("c" + i));
    }
    assertThat(passed).containsExactly("c0", "c1", "c2", "c3");
  }
}
