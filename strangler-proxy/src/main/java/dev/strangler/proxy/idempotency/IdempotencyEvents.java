package dev.strangler.proxy.idempotency;

import java.util.Locale;

/** What the idempotency step reports, for metrics. */
public interface IdempotencyEvents {

  IdempotencyEvents NONE = (route, outcome) -> {};

  /** What became of one keyed (or unkeyed) unsafe request on a route with idempotency keys. */
  enum Outcome {
    /** A first request's response was kept for retries. */
    STORED,
    /** A retry was answered with the kept response. */
    REPLAYED,
    /** A retry came while the first was in progress, or after a first whose response could not be kept (409). */
    CONFLICT,
    /** The key was reused with a different request (422). */
    MISMATCH,
    /** A required key was missing (400). */
    MISSING,
    /** A key was added to a request without one ({@code add} mode). */
    ADDED,
    /** The first request failed (5xx, timeout, cut): its claim was let go so a retry runs. */
    RELEASED,
    /** Redis could not answer: the request got a 503. */
    UNAVAILABLE;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  void idempotency(String route, Outcome outcome);
}
