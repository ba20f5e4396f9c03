package dev.strangler.proxy.forward;

import java.net.URI;
import java.time.Duration;

/** What the safety net did: metrics listen here. Called on event-loop threads; implementations must be quick. */
public interface ForwardingEvents {

  ForwardingEvents NONE = new ForwardingEvents() { };

  /** An instance of {@code backend} was left out of the rotation for {@code period}. */
  default void ejected(String backend, URI url, Duration period) {
  }

  /** {@code backend}'s circuit breaker opened (nothing is sent to it) or closed again. */
  default void breaker(String backend, boolean open) {
  }

  /** A request of {@code route}, routed to {@code backend}, was served by the monolith instead. */
  default void fellBack(String route, String backend) {
  }

  /** An answer of {@code backend} to a request of {@code route} sent no body bytes for the response timeout: it was cut. */
  default void bodyStalled(String route, String backend) {
  }
}
