package dev.strangler.testsupport;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs asynchronous Vert.x work from a test thread: starts it on a Vert.x context and waits for it.
 *
 * <p>Why: Vert.x 5.0.7's HttpClient, called from a thread that is not Vert.x's, now and then never
 * sends the request (seen here in about 1 of 60 runs of 5 requests; never when the same calls start on
 * a context). Tests call clients through this instead, and a stuck call fails after {@link #TIMEOUT_SECONDS}.
 */
public final class OnVertx {

  public static final long TIMEOUT_SECONDS = 30;

  private OnVertx() {}

  public static <T> T await(Vertx vertx, Supplier<Future<T>> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    vertx.getOrCreateContext().runOnContext(v -> {
      try {
        work.get().onComplete(ar -> {
          if (ar.succeeded()) {
            result.complete(ar.result());
          } else {
            result.completeExceptionally(ar.cause());
          }
        });
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    });
    try {
      return result.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("Vert.x call did not complete within " + TIMEOUT_SECONDS + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
