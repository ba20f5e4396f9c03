package dev.strangler.proxy.traffic;

import dev.strangler.proxy.shadow.LatencyBuckets;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One route's fleet-wide route traffic as read from Redis: per side the requests served, errors and latency, since the
 * last reset or the first request counted ({@code since} null: nothing counted yet).
 */
public record RouteTraffic(String route, Instant since, long[] requests, long[] errors, long[][] latency) {

  /** Counts hash field: when counting began. */
  static final String SINCE = "since";
  /** Counts hash field suffixes, after the side's label. */
  static final String REQUESTS = ":requests";
  static final String ERRORS = ":errors";

  public long requests(Side side) {
    return requests[side.ordinal()];
  }

  public long errors(Side side) {
    return errors[side.ordinal()];
  }

  /** Errors over requests of one side; null before any. */
  public Double errorRate(Side side) {
    return requests(side) == 0 ? null : (double) errors(side) / requests(side);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("route", route).put("since", since == null ? null : since.toString());
    for (Side side : Side.values()) {
      boolean any = requests(side) > 0;
      json.put(side.label(), new JsonObject().put("requests", requests(side)).put("errors", errors(side))
          .put("errorRate", errorRate(side))
          .put("p50Ms", any ? LatencyBuckets.quantileMs(latency[side.ordinal()], 0.50) : null)
          .put("p99Ms", any ? LatencyBuckets.quantileMs(latency[side.ordinal()], 0.99) : null));
    }
    return json;
  }
}
