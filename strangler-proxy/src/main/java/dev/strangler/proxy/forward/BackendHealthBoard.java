package dev.strangler.proxy.forward;

import dev.strangler.proxy.route.BackendDefinition;
import dev.strangler.proxy.route.RouteTable;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * The health of every backend as the event loops see it — instances ejected as outliers, the state
 * of each circuit breaker, requests served by the monolith instead (since start) — gathered for the
 * admin API. Each event loop keeps its own state,
 * so the board asks every loop on its own thread and merges the answers: an instance is reported
 * ejected on however many loops ejected it, a breaker by its worst state (open, half-open, closed).
 */
public final class BackendHealthBoard {

  private final List<Loop> loops = new CopyOnWriteArrayList<>();
  private final Map<String, LongAdder> fallbacks = new ConcurrentHashMap<>();

  private record Loop(Context context, Backends backends, BackendBreakers breakers) {}

  /** One loop's view of one backend. */
  private record Seen(Map<URI, Backends.InstanceHealth> health, CircuitBreakerState breaker) {}

  /** A request routed to {@code backend} was served by the monolith instead. */
  void fellBack(String backend) {
    fallbacks.computeIfAbsent(backend, b -> new LongAdder()).increment();
  }

  void register(Context context, Backends backends, BackendBreakers breakers) {
    loops.add(new Loop(context, backends, breakers));
  }

  /** Every backend of {@code table}, with its instances, ejections and breaker state. */
  public Future<JsonObject> snapshot(RouteTable table) {
    Map<String, BackendDefinition> backends = new TreeMap<>(table.definition().backends());
    List<Future<Map<String, Seen>>> views = new ArrayList<>();
    for (Loop loop : loops) {
      Promise<Map<String, Seen>> view = Promise.promise();
      loop.context().runOnContext(v -> view.complete(view(loop, backends))); // its state is confined to its thread
      views.add(view.future());
    }
    return Future.all(views).map(all -> {
      JsonArray out = new JsonArray();
      backends.forEach((name, definition) -> out.add(describe(name, definition, all.<Map<String, Seen>>list())));
      return new JsonObject().put("epoch", table.epoch()).put("eventLoops", loops.size()).put("backends", out);
    });
  }

  private static Map<String, Seen> view(Loop loop, Map<String, BackendDefinition> backends) {
    Map<String, Seen> seen = new TreeMap<>();
    Map<URI, Backends.InstanceHealth> health = loop.backends().health();
    backends.forEach((name, definition) -> seen.put(name, new Seen(health,
        loop.breakers() == null ? CircuitBreakerState.CLOSED : loop.breakers().state(name))));
    return seen;
  }

  private JsonObject describe(String name, BackendDefinition definition, List<Map<String, Seen>> views) {
    List<URI> urls = loops.isEmpty() ? definition.urls() : loops.get(0).backends().urls(definition);
    JsonArray instances = new JsonArray();
    for (URI url : urls) {
      int ejectedOn = 0;
      long ejectedFor = 0;
      int failures = 0;
      for (Map<String, Seen> view : views) {
        Backends.InstanceHealth h = view.get(name).health().get(url);
        if (h != null) {
          failures = Math.max(failures, h.consecutiveFailures());
          if (h.ejectedForMillis() > 0) {
            ejectedOn++;
            ejectedFor = Math.max(ejectedFor, h.ejectedForMillis());
          }
        }
      }
      instances.add(new JsonObject().put("url", url.toString()).put("ejected", ejectedOn > 0)
          .put("ejectedOnEventLoops", ejectedOn).put("ejectedForMillis", ejectedFor).put("consecutiveFailures", failures));
    }
    Map<String, Object> states = new TreeMap<>();
    CircuitBreakerState worst = CircuitBreakerState.CLOSED;
    for (Map<String, Seen> view : views) {
      CircuitBreakerState state = view.get(name).breaker();
      states.merge(state.name(), 1, (x, y) -> (Integer) x + (Integer) y);
      worst = worse(worst, state);
    }
    JsonObject out = new JsonObject().put("name", name);
    if (definition.service() != null) {
      out.put("service", definition.service());
    }
    LongAdder fellBack = fallbacks.get(name);
    return out.put("instances", instances).put("fallbacksToLegacy", fellBack == null ? 0 : fellBack.sum())
        .put("breaker", new JsonObject().put("state", worst.name()).put("eventLoops", new JsonObject(states)));
  }

  private static CircuitBreakerState worse(CircuitBreakerState a, CircuitBreakerState b) {
    return rank(b) > rank(a) ? b : a;
  }

  private static int rank(CircuitBreakerState state) {
    return switch (state) {
      case CLOSED -> 0;
      case HALF_OPEN -> 1;
      case OPEN -> 2;
    };
  }
}
