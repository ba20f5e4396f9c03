package dev.strangler.servicekit.events;

import dev.strangler.servicekit.events.EventConsumer.Outcome;
import io.vertx.core.Future;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one delivered entry: decode, apply it under the aggregate's guard ({@link GuardedApply}: the handler's
 * Redis effect, or a sink); the consumer then acknowledges the batch's done entries at once. A failure (undecodable entry,
 * handler throws, script error) leaves the entry pending for a retry, or moves it to the dead-letter
 * stream once it has been delivered too often.
 */
final class EntryHandling {

  /** ACK: done, to be acknowledged; SETTLED: nothing left to do here (dead-lettered, or no longer ours); RETRY: pending. */
  enum Handled { ACK, SETTLED, RETRY }

  private static final Logger LOG = LoggerFactory.getLogger(EntryHandling.class);

  private final GuardedApply apply;
  private final EventConsumerOptions options;
  private final StreamCommands commands;
  private final DeadLetters deadLetters;
  private final ConsumerMetrics metrics;
  private final Consumer<Outcome> outcomes;

  EntryHandling(GuardedApply apply, EventConsumerOptions options, StreamCommands commands,
      DeadLetters deadLetters, ConsumerMetrics metrics, Consumer<Outcome> outcomes) {
    this.commands = commands;
    this.apply = apply;
    this.options = options;
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
    Future<GuardedEffects.Result> applied;
    try {
      applied = apply.apply(Event.decode(entry.stream(), entry.id(), entry.fields()));
    } catch (Throwable e) {
      return failed(entry, e);
    }
    return applied
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
