package dev.strangler.orders.stock;

/** What the monolith answered a reservation: held, or refused with its own answer (shortage 409, unknown sku…) to pass on. */
public sealed interface Reservation {

  /** The stock is held under {@code reservationId}. */
  record Held(String reservationId) implements Reservation {}

  /** Not held: the monolith's status, Content-Type and body, passed to the client unchanged. */
  record Refused(int status, String contentType, String body) implements Reservation {}
}
