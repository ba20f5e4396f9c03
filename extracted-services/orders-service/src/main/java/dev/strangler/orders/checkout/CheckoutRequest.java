package dev.strangler.orders.checkout;

import dev.strangler.orders.store.Schema;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One checkout: who, which session's cart, in which schema (live or sandbox), the correlation id its events carry,
 * its {@code Idempotency-Key} (null: none) and, for a sandboxed copy, the cart of its session snapshot (null: none,
 * the session's cart is read).
 */
public record CheckoutRequest(long customerId, String sessionId, Schema schema, String correlationId, String idempotencyKey,
                              Map<String, Integer> cartSnapshot) {

  public CheckoutRequest {
    Objects.requireNonNull(schema, "schema == null");
    Objects.requireNonNull(correlationId, "correlationId == null");
    cartSnapshot = cartSnapshot == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(cartSnapshot));
  }

  /** Reading the session's cart. */
  public CheckoutRequest(long customerId, String sessionId, Schema schema, String correlationId, String idempotencyKey) {
    this(customerId, sessionId, schema, correlationId, idempotencyKey, null);
  }
}
