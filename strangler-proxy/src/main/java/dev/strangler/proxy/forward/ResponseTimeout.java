package dev.strangler.proxy.forward;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.StreamResetException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * The route's response timeout from the moment a request to a backend is opened until its answer's head arrives (from
 * there {@link BodyIdleTimeout} bounds the gaps in the body): when it runs out the request is reset, its connection
 * closed, and the request fails with {@link NoAnswer} (a 504). In place of Vert.x's request idle timeout, which does the
 * same with a Vert.x timer ({@link LoopTimer} says why not).
 */
final class ResponseTimeout {

  /** The failure of a request whose backend sent no answer's head in time. */
  static final class NoAnswer extends TimeoutException {
    NoAnswer(String message) {
      super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this; // an outcome, not a bug: no stack to take
    }
  }

  private final LoopTimer timer;

  private ResponseTimeout(LoopTimer timer) {
    this.timer = timer;
  }

  /** Starts the clock of {@code request} to {@code url}, just opened on the current context (an event loop's). */
  static ResponseTimeout start(HttpClientRequest request, URI url, Duration timeout) {
    ResponseTimeout clock = new ResponseTimeout(new LoopTimer(Vertx.currentContext()));
    // Stopped on the same event loop as it fires: once stopped, it can't fire.
    clock.timer.arm(timeout.toNanos(), () -> request.reset(0, new NoAnswer("no answer from " + url.getScheme() + "://"
        + url.getAuthority() + " to " + request.getMethod() + " " + request.getURI() + " within " + timeout.toMillis() + " ms")));
    return clock;
  }

  /** The answer's head came, or the request failed otherwise: the clock stops. */
  void stop() {
    timer.cancel();
  }

  /** {@code failure} as the request's sender should see it: a reset by this timeout is the timeout. */
  static Throwable cause(Throwable failure) {
    return failure instanceof StreamResetException reset && reset.getCause() instanceof NoAnswer noAnswer ? noAnswer : failure;
  }
}
