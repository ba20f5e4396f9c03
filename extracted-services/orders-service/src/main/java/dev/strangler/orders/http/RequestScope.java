package dev.strangler.orders.http;

import dev.strangler.orders.cart.SessionId;
import dev.strangler.orders.store.Schema;
import dev.strangler.servicekit.Problem;
import dev.strangler.servicekit.ProblemException;
import dev.strangler.servicekit.identity.Identity;
import dev.strangler.servicekit.sandbox.Sandbox;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What one request works with: its session (checked against the verified identity), its customer, its schema (sandbox or
 * live) and its correlation id ({@code X-Request-Id} when it is a plain token, else a new one).
 */
public record RequestScope(String sessionId, Optional<Long> customerId, Schema schema, String correlationId) {

  public static final String REQUEST_ID = "X-Request-Id";
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  /** The live and sandbox schemas a request chooses between. */
  public record Schemas(Schema live, Schema sandbox) {}

  public static RequestScope of(RoutingContext ctx, Schemas schemas) {
    String sessionId = SessionId.of(ctx);
    Optional<Identity> identity = Identity.current(ctx);
    if (identity.isPresent() && sessionId != null && identity.get().sessionHash() != null
        && !identity.get().sessionHash().equals(SessionId.hash(sessionId))) {
      throw new ProblemException(new Problem(401, "Unauthorized", "the session cookie is not the verified identity's session"));
    }
    Optional<Long> customer = identity.map(i -> customerId(i.customerId()));
    String requestId = ctx.request().getHeader(REQUEST_ID);
    String correlation = requestId != null && TOKEN.matcher(requestId).matches() ? requestId : UUID.randomUUID().toString();
    return new RequestScope(sessionId, customer, Sandbox.active(ctx) ? schemas.sandbox() : schemas.live(), correlation);
  }

  /** The logged-in customer, or the monolith's 401 ({@code LoginSession.requireCustomerId}). */
  public long requireCustomer() {
    return customerId.orElseThrow(() -> new ProblemException(new Problem(401, "Unauthorized", "log in first")));
  }

  private static long customerId(String subject) {
    try {
      return Long.parseLong(subject);
    } catch (NumberFormatException e) {
      throw new ProblemException(new Problem(401, "Unauthorized", "the verified identity names no customer id"));
    }
  }
}
