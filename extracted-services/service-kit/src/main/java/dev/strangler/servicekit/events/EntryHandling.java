package dev.strangler.servicekit.events;

import dev.strangler.servicekit.events.EventConsumer.Outcome;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one delivered entry: decode, ask the handler for its effect, run it under the aggregate's
 * guard; the consumer then acknowledges the batch's done entries at once. A failure (undecodable entry,
 * handler throws, script error) leaves the entry pending for a retry, or moves it to the dead-letter
 * stream once it has been delivered too often.
 */
final class EntryHandling {

  /** ACK: done, to be acknowledged; SETTLED: nothing left to do here (dead-lettered, or no longer ours); RETRY: pending. */
  enum Handled { ACK, SETTLED, RETRY }

  private static final Logger LOG = LoggerFactory.getLogger(EntryHandling.class);

  private final Redis effects;
  private final EventConsumerOptions options;
  private final EventHandler handler;
  private final StreamCommands commands;
  private final DeadLetters deadLetters;
  private final GuardedEffects guarded = new GuardedEffects();
  private final ConsumerMetrics metrics;
  private final Consumer<Outcome> outcomes;

  EntryHandling(Redis effects, EventConsumerOptions options, EventHandler handler, StreamCommands commands,
      DeadLetters deadLetters, ConsumerMetrics metrics, Consumer<Outcome> outcomes) {
    this.commands = commands;
    this.effects = effects;
    this.options = options;
    this.handler = handler;
    this.deadLetters = deadLetters;
    this.metrics = metrics;
    this.outcomes = outcomes;
  }

  /** Never fails. */
  Future<Handled> handle(StreamEntry entry) {
    if (entry.deleted()) {
      // Trimmed while pending: there is nothing left to apply, only the pending entry to clear.
      LOG.warn("{} {} was deleted from the stream before it was processed", entry.stream(), entry.id());
      metrics.trimmed(entry.stream(), 1);
      outcomes.accept(new Outcome(entry.stream(), entry.id(), Outcome.Kind.TRIMMED, ""));
      return Future.succeededFuture(Handled.ACK);
    }
    Event event;
    EventEffect effect;
    try {
      event = Event.decode(entry.stream(), entry.id(), entry.fields());
      effect = handler.effect(event);
      if (effect == null) {
        throw new IllegalStateException("the handler returned no effect for " + event.type());
      }
    } catch (Throwable e) {
      return failed(entry, e);
    }
    return guarded.run(effects, options.guardKey(event.aggregateType(), event.aggregateId()), event.sequence(), effect)
        .map(result -> {
          if (result.applied()) {
            metrics.applied(entry.stream());
          } else {
            metrics.skipped(entry.stream());
          }
          outcomes.accept(new Outcome(entry.stream(), entry.id(), result.applied() ? Outcome.Kind.APPLIED : Outcome.Kind.SKIPPED,
              result.detail()));
          return Handled.ACK;
        })
        .recover(e -> failed(entry, e));
  }

  private Future<Handled> failed(StreamEntry entry, Throwable error) {
    String message = error.getClass().getSimpleName() + ": " + error.getMessage();
    metrics.failed(entry.stream());
    outcomes.accept(new Outcome(entry.stream(), entry.id(), Outcome.Kind.FAILED, message));
    return commands.deliveries(entry).compose(deliveries -> {
      if (deliveries < options.maxDeliveries()) {
        LOG.warn("{} {} failed (delivery {} of {}): {}", entry.stream(), entry.id(), deliveries, options.maxDeliveries(), message);
        return Future.succeededFuture(Handled.RETRY);
      }
      return deadLetters.move(entry, message, deliveries).map(moved -> {
        if (moved) {
          LOG.error("{} {} moved to {} after {} deliveries: {}", entry.stream(), entry.id(),
              options.deadLetterStream(entry.stream()), deliveries, message);
          metrics.deadLettered(entry.stream());
          outcomes.accept(new Outcome(entry.stream(), entry.id(), Outcome.Kind.DEAD_LETTERED, message));
        }
        return moved ? Handled.SETTLED : Handled.RETRY;
      });
    }).recover(e -> {
      LOG.warn("{} {} failed ({}) and its deliveries could not be counted: {}", entry.stream(), entry.id(), message,
          e.getMessage());
      return Future.succeededFuture(Handled.RETRY);
    });
  }
}
