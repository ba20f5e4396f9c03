package dev.strangler.proxy.forward;

import dev.strangler.proxy.overload.Admission;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.httpproxy.Body;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An extracted side's answer body held in the proxy until it has ended, before anything of the answer goes to the client:
 * a body cut part way (reset, closed, timed out) then fails the hold, and the monolith can stand in for an answer nobody
 * has seen. Bounded: once the body would pass {@code bound} bytes, or the process's budget for held answers
 * ({@link Admission#holdBytes(long)}) is spent, holding stops and the answer streams as usual, the held part first
 * ({@link HeldThenRest}); a cut after that can only be passed on. Vert.x's request idle timeout stops at the answer's head,
 * so while it holds, a body that sends nothing for the route's response timeout is cut here (and fails the hold).
 */
final class HeldAnswer {

  /**
   * How the hold ended well.
   *
   * @param body what to send the client: the whole body, or the held part then the rest as it comes
   * @param heldBytes bytes taken from the process's budget, to give back once the client's response is done
   */
  record Outcome(Body body, long heldBytes) {}

  private final Body body;
  private final ReadStream<Buffer> source;
  private final long bound;
  private final Admission admission;
  private final Vertx vertx;
  private final long idleNanos;
  private final Runnable cut;
  private long lastChunk = System.nanoTime();
  private long timer = -1;
  private final Promise<Outcome> result = Promise.promise();
  private Buffer held = Buffer.buffer();
  private long heldBytes;
  /** Set once holding stopped past the bound: the body streams on through it. */
  private HeldThenRest rest;

  private HeldAnswer(Body body, long bound, Admission admission, Vertx vertx, Duration idle, Runnable cut) {
    this.body = body;
    this.source = body.stream();
    this.bound = bound;
    this.admission = admission;
    this.vertx = vertx;
    this.idleNanos = idle.toNanos();
    this.cut = cut;
  }

  /**
   * Reads {@code body} (a backend's, paused) until it ends, fails, passes {@code bound}, or sends nothing for {@code idle}
   * (then {@code cut} breaks the backend's answer off); a failure or that timeout fails the result.
   */
  static Future<Outcome> hold(Body body, long bound, Admission admission, Vertx vertx, Duration idle, Runnable cut) {
    HeldAnswer answer = new HeldAnswer(body, bound, admission, vertx, idle, cut);
    answer.source.handler(answer::chunk).exceptionHandler(answer::failed).endHandler(answer::ended);
    answer.arm(idle.toMillis());
    answer.source.resume();
    return answer.result.future();
  }

  /** Checks for an idle body in {@code millis}; re-armed from the latest chunk rather than on every chunk. */
  private void arm(long millis) {
    timer = vertx.setTimer(Math.max(1, millis), id -> {
      long idleFor = System.nanoTime() - lastChunk;
      if (result.future().isComplete()) {
        return;
      }
      if (idleFor < idleNanos) {
        arm(TimeUnit.NANOSECONDS.toMillis(idleNanos - idleFor) + 1);
        return;
      }
      failed(new TimeoutException("the answer's body sent nothing for " + TimeUnit.NANOSECONDS.toMillis(idleNanos) + " ms"));
      cut.run();
    });
  }

  private void chunk(Buffer chunk) {
    lastChunk = System.nanoTime();
    if (held.length() + (long) chunk.length() <= bound && admission.holdBytes(chunk.length())) {
      heldBytes += chunk.length();
      held.appendBuffer(chunk);
      return;
    }
    source.pause(); // the client's response takes over the flow from here
    vertx.cancelTimer(timer); // as any streamed answer, from here on
    held.appendBuffer(chunk);
    rest = new HeldThenRest(held, source);
    held = null;
    result.complete(new Outcome(Body.body(rest, body.length(), body.mediaType()), heldBytes));
  }

  private void failed(Throwable failure) {
    if (rest != null) {
      rest.failedBeforeRead(failure); // the client's response has the start of it: it can only be cut now
      return;
    }
    if (result.future().isComplete()) {
      return; // timed out already: this is the cut that followed
    }
    vertx.cancelTimer(timer);
    held = null;
    admission.releaseBytes(heldBytes);
    result.fail(failure);
  }

  private void ended(Void v) {
    vertx.cancelTimer(timer);
    Buffer whole = held;
    held = null;
    // The backend's media type string as it sent it (a Buffer body would otherwise drop or rewrite it).
    result.complete(new Outcome(Body.body(Body.body(whole).stream(), whole.length(), body.mediaType()), heldBytes));
  }
}
