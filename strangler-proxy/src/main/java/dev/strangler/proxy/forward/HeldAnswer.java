package dev.strangler.proxy.forward;

import dev.strangler.proxy.overload.Admission;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.httpproxy.Body;

/**
 * An extracted side's answer body held in the proxy until it has ended, before anything of the answer goes to the client:
 * a body cut part way (reset, closed, timed out) then fails the hold, and the monolith can stand in for an answer nobody
 * has seen. Bounded: once the body would pass {@code bound} bytes, or the process's budget for held answers
 * ({@link Admission#holdBytes(long)}) is spent, holding stops and the answer streams as usual, the held part first
 * ({@link HeldThenRest}); a cut after that can only be passed on. A body that sends nothing for the route's response
 * timeout while held fails here too: its {@link BodyIdleTimeout} runs while the hold reads.
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
  private final Promise<Outcome> result = Promise.promise();
  private Buffer held = Buffer.buffer();
  private long heldBytes;
  /** Set once holding stopped past the bound: the body streams on through it. */
  private HeldThenRest rest;

  private HeldAnswer(Body body, long bound, Admission admission) {
    this.body = body;
    this.source = body.stream();
    this.bound = bound;
    this.admission = admission;
  }

  /** Reads {@code body} (a backend's, paused) until it ends, fails (a stall too), or passes {@code bound}; a failure fails the result. */
  static Future<Outcome> hold(Body body, long bound, Admission admission) {
    HeldAnswer answer = new HeldAnswer(body, bound, admission);
    answer.source.handler(answer::chunk).exceptionHandler(answer::failed).endHandler(answer::ended);
    answer.source.resume();
    return answer.result.future();
  }

  private void chunk(Buffer chunk) {
    if (held.length() + (long) chunk.length() <= bound && admission.holdBytes(chunk.length())) {
      heldBytes += chunk.length();
      held.appendBuffer(chunk);
      return;
    }
    source.pause(); // the client's response takes over the flow (and the idle clock) from here
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
    held = null;
    admission.releaseBytes(heldBytes);
    result.fail(failure);
  }

  private void ended(Void v) {
    Buffer whole = held;
    held = null;
    // The backend's media type string as it sent it (a Buffer body would otherwise drop or rewrite it).
    result.complete(new Outcome(Body.body(Body.body(whole).stream(), whole.length(), body.mediaType()), heldBytes));
  }
}
