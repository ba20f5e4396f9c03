package dev.strangler.servicekit.identity;

import dev.strangler.servicekit.Problem;
import dev.strangler.servicekit.ProblemHandlers;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Objects;

/**
 * Puts the verified identity of each request on its routing context ({@link Identity#current}). A request without
 * the proxy's header is anonymous; one with a header that does not verify (forged, tampered with, expired, for
 * another service, sent twice) is answered 401 with a problem body and goes no further.
 */
public final class IdentityHandler implements Handler<RoutingContext> {

  private final IdentityVerifier verifier;

  private IdentityHandler(IdentityVerifier verifier) {
    this.verifier = Objects.requireNonNull(verifier, "verifier == null");
  }

  /** Install it on every route, before the handlers that read {@link Identity#current}. */
  public static IdentityHandler create(IdentityVerifier verifier) {
    return new IdentityHandler(verifier);
  }

  /** 401 for an anonymous request; put it after an {@link IdentityHandler} on routes only customers may use. */
  public static Handler<RoutingContext> requireIdentity() {
    return ctx -> {
      if (Identity.current(ctx).isPresent()) {
        ctx.next();
      } else {
        ProblemHandlers.send(ctx, unauthorized("this resource needs a logged-in customer: log in first"));
      }
    };
  }

  @Override
  public void handle(RoutingContext ctx) {
    List<String> tokens = ctx.request().headers().getAll(IdentityVerifier.HEADER);
    if (tokens.isEmpty()) {
      ctx.next();
      return;
    }
    if (tokens.size() > 1) {
      ProblemHandlers.send(ctx, unauthorized("the identity header was sent more than once"));
      return;
    }
    // The body must wait for the verdict, as vertx-web's own authentication handlers do.
    boolean paused = !ctx.request().isEnded();
    if (paused) {
      ctx.request().pause();
    }
    verifier.verify(tokens.get(0)).onComplete(verified -> {
      if (paused) {
        ctx.request().resume();
      }
      if (verified.succeeded()) {
        ctx.put(Identity.CONTEXT_KEY, verified.result());
        ctx.next();
      } else {
        ProblemHandlers.send(ctx, unauthorized(verified.cause() instanceof InvalidIdentityException
            ? verified.cause().getMessage() : "the identity token could not be verified"));
      }
    });
  }

  private static Problem unauthorized(String detail) {
    return new Problem(401, "Unauthorized", detail);
  }
}
