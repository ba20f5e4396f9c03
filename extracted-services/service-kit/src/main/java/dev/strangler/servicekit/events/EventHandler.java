package dev.strangler.servicekit.events;

/**
 * What a service does with one event: it returns the event's {@link EventEffect}, which the consumer
 * runs atomically with the aggregate's applied-sequence guard. Throwing refuses the event: the delivery
 * counts as failed, is retried, and goes to the dead-letter stream after too many failures.
 */
@FunctionalInterface
public interface EventHandler {

  EventEffect effect(Event event) throws Exception;
}
