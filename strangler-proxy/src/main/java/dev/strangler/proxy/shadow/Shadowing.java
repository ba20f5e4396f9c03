package dev.strangler.proxy.shadow;

import java.util.Objects;

/**
 * What every event loop of one proxy shares for shadowing: the settings, the per-route in-flight budgets, the compare
 * workers and where results go. Create one per proxy process; each loop makes its own {@link ShadowStep} from it.
 */
public final class Shadowing {

  private final ShadowOptions options;
  private final ShadowResults results;
  private final InFlightBudget budget = new InFlightBudget();
  private final CompareWorker worker;

  public Shadowing(ShadowOptions options, ShadowResults results) {
    this.options = Objects.requireNonNull(options, "options == null");
    this.results = Objects.requireNonNull(results, "results == null");
    this.worker = new CompareWorker(options);
  }

  public ShadowOptions options() {
    return options;
  }

  public ShadowResults results() {
    return results;
  }

  /** Copies of {@code route} outstanding now, over every event loop. */
  public int inFlight(String route) {
    return budget.inFlight(route);
  }

  InFlightBudget budget() {
    return budget;
  }

  CompareWorker worker() {
    return worker;
  }

  /** Stops the compare workers; comparisons still queued are not made. */
  public void close() {
    worker.close();
  }
}
