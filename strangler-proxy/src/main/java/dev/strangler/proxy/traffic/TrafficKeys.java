package dev.strangler.proxy.traffic;

import java.util.Objects;

/** The Redis keys of route traffic under one prefix: the set of routes with data, and per route its counts and latency. */
public record TrafficKeys(String prefix) {

  public TrafficKeys {
    Objects.requireNonNull(prefix, "prefix == null");
  }

  /** {@code <prefix>traffic:routes}: the routes that have route traffic. */
  public String routes() {
    return prefix + "traffic:routes";
  }

  /** {@code <prefix>traffic:counts:<route>}: {@code <side>:requests}, {@code <side>:errors}, and since when. */
  public String counts(String route) {
    return prefix + "traffic:counts:" + route;
  }

  /** {@code <prefix>traffic:latency:<route>}: {@code <side>:<bucket>} counts. */
  public String latency(String route) {
    return prefix + "traffic:latency:" + route;
  }
}
