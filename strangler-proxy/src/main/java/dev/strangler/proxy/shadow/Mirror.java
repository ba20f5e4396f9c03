package dev.strangler.proxy.shadow;

import dev.strangler.compare.PointerPattern;
import dev.strangler.proxy.route.ShadowPolicy;
import dev.strangler.proxy.route.Target;
import dev.strangler.proxy.shadow.ShadowResults.DropReason;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One sampled request's shadowing, on its event loop: holds a unit of the route's in-flight budget from admission
 * until its copies are answered, failed or timed out (or were never sent), then compares once the primary's answer is
 * in too. Ends exactly once: compared, or dropped with a reason.
 */
final class Mirror {

  /** What the mirror knows of its request; {@code sandboxed}: its copy is a sandboxed copy of a write. */
  record About(Instant at, String routeId, long epoch, String method, String uri, Target.Shadow target, ShadowPolicy policy,
               boolean sandboxed) {}

  private final About about;
  private final Shadowing shadowing;
  private final Context context;
  private final long started = System.nanoTime();
  private final long timer;
  private final List<ShadowClient.Call> calls = new ArrayList<>();
  private ShadowClient.Call candidate;
  private ShadowClient.Call legacyAgain;
  private Answer primary;
  private boolean copiesDone;
  private boolean released;
  private boolean ended;

  Mirror(About about, Shadowing shadowing, Context context) {
    this.about = about;
    this.shadowing = shadowing;
    this.context = context;
    this.timer = context.owner().setTimer(about.policy().timeout().toMillis(), id -> expire());
  }

  /**
   * Noise is learned when asked and one side is the monolith: a second copy goes to it. Never for a sandboxed copy,
   * whatever the policy says: the monolith must never see a write twice.
   */
  boolean learnsNoise() {
    return !about.sandboxed() && about.policy().learnNoise()
        && (legacyIsCandidate() || Target.LEGACY_BACKEND.equals(about.target().primary()));
  }

  /** The request body passed the route's cap: no copy. */
  void bodyTooLarge() {
    end(DropReason.BODY_TOO_LARGE);
    release();
  }

  /** The request body has ended (null: it failed): send the copies through {@code send}, by backend name. */
  void bodyEnded(Buffer body, Function<String, ShadowClient.Call> send) {
    if (ended || released) {
      return;
    }
    if (body == null) {
      end(DropReason.PRIMARY_INCOMPLETE);
      release();
      return;
    }
    candidate = send.apply(about.target().candidate());
    calls.add(candidate);
    if (learnsNoise()) {
      legacyAgain = send.apply(Target.LEGACY_BACKEND);
      calls.add(legacyAgain);
    }
    Future.join(calls.stream().map(ShadowClient.Call::answer).toList()).onComplete(v -> {
      copiesDone = true;
      release();
      compareWhenReady();
    });
  }

  /** The primary's answer streamed to the client in full (null: it did not, or its body was over the cap). */
  void primaryAnswered(Answer answer) {
    if (answer == null) {
      end(DropReason.PRIMARY_INCOMPLETE);
      return;
    }
    primary = answer;
    compareWhenReady();
  }

  /** The client left before its answer was written: nothing to compare; a copy not sent yet never will be. */
  void clientGone() {
    if (primary == null) {
      end(DropReason.PRIMARY_INCOMPLETE);
    }
    if (calls.isEmpty()) {
      release();
    }
  }

  long elapsedNanos() {
    return System.nanoTime() - started;
  }

  private void expire() {
    if (released) {
      return;
    }
    if (calls.isEmpty()) { // the primary never took the whole body in time: nothing was copied
      end(DropReason.PRIMARY_INCOMPLETE);
      release();
      return;
    }
    String reason = "timeout after " + about.policy().timeout().toMillis() + "ms";
    calls.forEach(call -> call.cancel(reason));
  }

  private void compareWhenReady() {
    if (ended || primary == null || !copiesDone) {
      return;
    }
    ended = true;
    Answer copy = candidate.answer().result();
    Answer again = legacyAgain == null ? null : legacyAgain.answer().result();
    boolean swapped = legacyIsCandidate();
    Answer legacy = swapped ? copy : primary;
    Answer other = swapped ? primary : copy;
    String legacyName = swapped ? about.target().candidate() : about.target().primary();
    String otherName = swapped ? about.target().primary() : about.target().candidate();
    CompareWorker.Job job = new CompareWorker.Job(about.routeId(), legacy, other, again);
    List<PointerPattern> redact = about.policy().redact();
    long cap = about.policy().maxBodyBytes();
    boolean queued = shadowing.worker().submit(job, context, comparison -> new ShadowOutcome(about.at(), about.routeId(),
            about.epoch(), about.method(), ResultRedaction.uri(about.uri(), redact), legacy.side(legacyName, redact, cap),
            other.side(otherName, redact, cap), ResultRedaction.comparison(comparison, redact), about.sandboxed()),
        shadowing.results()::compared);
    if (!queued) {
      shadowing.results().dropped(about.routeId(), DropReason.COMPARE_QUEUE_FULL);
    }
  }

  private boolean legacyIsCandidate() {
    return Target.LEGACY_BACKEND.equals(about.target().candidate());
  }

  private void end(DropReason reason) {
    if (!ended) {
      ended = true;
      shadowing.results().dropped(about.routeId(), reason);
    }
  }

  private void release() {
    if (!released) {
      released = true;
      context.owner().cancelTimer(timer);
      shadowing.budget().release(about.routeId());
    }
  }
}
