package dev.strangler.servicekit.events;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;

/**
 * Applies one decoded event under its aggregate's guard: the consumer's one seam to the store, either Redis (the
 * handler's {@link EventEffect} run inside the guard script) or a service's own {@link EventSink}.
 */
interface GuardedApply {

  Future<GuardedEffects.Result> apply(Event event) throws Exception;

  static GuardedApply redis(Redis effects, EventHandler handler, EventConsumerOptions options) {
    GuardedEffects guarded = new GuardedEffects();
    return event -> {
      EventEffect effect = handler.effect(event);
      if (effect == null) {
        throw new IllegalStateException("the handler returned no effect for " + event.type());
      }
      return guarded.run(effects, options.guardKey(event.aggregateType(), event.aggregateId()), event.sequence(), effect);
    };
  }

  static GuardedApply sink(EventSink sink) {
    return event -> {
      Future<Boolean> applied = sink.apply(event);
      if (applied == null) {
        throw new IllegalStateException("the sink returned no future for " + event.type());
      }
      return applied.map(a -> new GuardedEffects.Result(a, ""));
    };
  }
}
