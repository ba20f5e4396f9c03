package dev.strangler.proxy.forward;

import dev.strangler.proxy.overload.Admission;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.streams.ReadStream;
import io.vertx.httpproxy.Body;
import java.util.ArrayList;
import java.util.List;

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
  /** The chunks as they came: joined without copying at the end, so holding N bytes costs N bytes of heap. */
  private List<Buffer> held = new ArrayList<>();
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
    if (heldBytes + chunk.length() <= bound && admission.holdBytes(chunk.length())) {
      heldBytes += chunk.length();
      held.add(chunk);
      return;
    }
    source.pause(); // the client's response takes over the flow (and the idle clock) from here
    held.add(chunk);
    rest = new HeldThenRest(joined(held), source);
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
    Buffer whole = joined(held);
    held = null;
    // The backend's media type string as it sent it (a Buffer body would otherwise drop or rewrite it).
    result.complete(new Outcome(Body.body(Body.body(whole).stream(), whole.length(), body.mediaType()), heldBytes));
  }

  /**
   * The chunks as one buffer without copying them (a composite): appending to one growing buffer instead doubled its
   * capacity as it went and copied it each time, so a held answer took up to three times its size while the budget
   * counted it once (a 96 MB proxy ran out of heap under 150 held answers of 1 MB at once in HeldAnswerMemoryIT).
   */
  private static Buffer joined(List<Buffer> chunks) {
    ByteBuf[] parts = new ByteBuf[chunks.size()];
    for (int i = 0; i < parts.length; i++) {
      parts[i] = ((BufferInternal) chunks.get(i)).getByteBuf();
    }
    return BufferInternal.buffer(Unpooled.wrappedBuffer(parts.length == 0 ? 1 : parts.length, parts));
  }
}
