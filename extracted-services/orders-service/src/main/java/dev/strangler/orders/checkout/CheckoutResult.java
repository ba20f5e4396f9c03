package dev.strangler.orders.checkout;

/** How a checkout ended, as an HTTP answer: an order placed now, a kept answer replayed, or a refusal to pass on. */
public sealed interface CheckoutResult {

  int status();

  String contentType();

  String body();

  /** {@code Location} of the order, null for a refusal. */
  String location();

  /** Whether this answer was kept from an earlier request with the same {@code Idempotency-Key}. */
  default boolean replayed() {
    return false;
  }

  static String location(long orderId) {
    return "/api/orders/" + orderId;
  }

  /** 201 with the order. */
  record Placed(long orderId, String body) implements CheckoutResult {
    public int status() {
      return 201;
    }

    public String contentType() {
      return "application/json";
    }

    public String location() {
      return CheckoutResult.location(orderId);
    }
  }

  /** The first request's answer again. */
  record Replayed(int status, long orderId, String body) implements CheckoutResult {
    public String contentType() {
      return "application/json";
    }

    public String location() {
      return CheckoutResult.location(orderId);
    }

    @Override
    public boolean replayed() {
      return true;
    }
  }

  /** Not placed: the answer as it stands (the monolith's own for a shortage). */
  record Refused(int status, String contentType, String body) implements CheckoutResult {
    public String location() {
      return null;
    }
  }
}
