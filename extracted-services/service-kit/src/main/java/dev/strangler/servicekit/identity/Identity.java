package dev.strangler.servicekit.identity;

import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The logged-in customer a request comes from, as the strangler proxy vouched for it in a signed token.
 *
 * @param customerId the monolith's customer id (the token's {@code sub})
 * @param email the customer's email; null when the token carries none
 * @param sessionHash a hash of the monolith session (the token's {@code sid}): tells sessions apart, never one itself
 * @param expiresAt when the token stops being valid
 */
public record Identity(String customerId, String email, String sessionHash, Instant expiresAt) {

  /** Where {@link IdentityHandler} keeps the identity on the routing context. */
  static final String CONTEXT_KEY = "strangler.identity";

  public Identity {
    Objects.requireNonNull(customerId, "customerId == null");
    Objects.requireNonNull(expiresAt, "expiresAt == null");
  }

  /** The verified identity of this request; empty when it is anonymous (or {@link IdentityHandler} is not installed). */
  public static Optional<Identity> current(RoutingContext ctx) {
    return Optional.ofNullable(ctx.get(CONTEXT_KEY));
  }
}
