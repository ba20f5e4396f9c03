package dev.strangler.orders.checkout;

import dev.strangler.orders.store.Schema;
import java.util.Objects;

/**
 * One checkout: who, which session's cart, in which schema (live or sandbox), the correlation id its events carry,
 * and its {@code Idempotency-Key} (null: none).
 */
public record CheckoutRequest(long customerId, String sessionId, Schema schema, String correlationId, String idempotencyKey) {

  public CheckoutRequest {
    Objects.requireNonNull(schema, "schema == null");
    Objects.requireNonNull(correlationId, "correlationId == null");
  }
}
