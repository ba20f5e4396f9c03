package dev.strangler.proxy.shadow;

import dev.strangler.compare.CompareRulesFile;
import dev.strangler.compare.Comparison;
import dev.strangler.compare.Exchange;
import dev.strangler.compare.LearnedNoise;
import dev.strangler.compare.ResponseComparator;
import io.vertx.core.Context;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares legacy with the candidate off the event loops, on a few threads behind a bounded queue: a comparison that
 * finds the queue full is not made. The result is handed back on the event loop that asked.
 */
final class CompareWorker {

  private static final Logger LOG = LoggerFactory.getLogger(CompareWorker.class);

  /** A path where legacy differed from itself in this many pairs of a route is noise on all of its comparisons. */
  static final long ROUTE_NOISE_MIN_PAIRS = 1;

  /** One comparison to make: both answers (and legacy's second one, for noise) as usable responses. */
  record Job(String routeId, Answer legacy, Answer candidate, Answer legacyAgain) {}

  private final CompareRulesFile rules;
  private final ThreadPoolExecutor executor;
  private final ConcurrentHashMap<String, ResponseComparator> comparators = new ConcurrentHashMap<>();
  /** What legacy changed by itself, per route, over every pair so far: noise on all of the route's comparisons. */
  private final LearnedNoise noise = new LearnedNoise();

  CompareWorker(ShadowOptions options) {
    this.rules = options.rules();
    this.executor = new ThreadPoolExecutor(options.compareThreads(), options.compareThreads(), 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(options.compareQueue()), Thread.ofPlatform().name("strangler-compare-", 0).daemon().factory(),
        new ThreadPoolExecutor.AbortPolicy());
  }

  /** Queues the comparison; false when the queue is full. {@code done} runs on {@code context}. */
  boolean submit(Job job, Context context, Consumer<Comparison> done) {
    return submit(job, context, comparison -> comparison, done);
  }

  /**
   * Queues the comparison, made into a result by {@code then} on the compare thread too (work that is no event loop's
   * business, such as redaction); false when the queue is full. {@code done} runs on {@code context}.
   */
  <T> boolean submit(Job job, Context context, java.util.function.Function<Comparison, T> then, Consumer<T> done) {
    try {
      executor.execute(() -> {
        T result = then.apply(compare(job));
        context.runOnContext(v -> done.accept(result));
      });
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  /** Both usable: compared (with learned noise when legacy answered twice); else skipped, saying which side failed. */
  Comparison compare(Job job) {
    if (!job.legacy().usable() || !job.candidate().usable()) {
      Answer failed = job.legacy().usable() ? job.candidate() : job.legacy();
      return skipped((failed == job.legacy() ? "legacy" : "candidate") + " has no usable answer: " + failed.error());
    }
    try {
      ResponseComparator comparator = comparators.computeIfAbsent(job.routeId(), id -> new ResponseComparator(rules.forRoute(id)));
      Optional<dev.strangler.compare.Response> again = job.legacyAgain() != null && job.legacyAgain().usable()
          ? Optional.of(job.legacyAgain().response()) : Optional.empty();
      again.ifPresent(second -> noise.record(job.routeId(), comparator.learnNoise(job.legacy().response(), second)));
      Comparison comparison = comparator.compare(new Exchange(job.routeId(), job.legacy().response(),
          job.candidate().response(), again));
      return noise.filter(job.routeId(), comparison, ROUTE_NOISE_MIN_PAIRS);
    } catch (RuntimeException e) {
      LOG.warn("comparing a shadowed request of route {} failed", job.routeId(), e);
      return skipped("comparison failed: " + e);
    }
  }

  static Comparison skipped(String reason) {
    return new Comparison(Comparison.Outcome.SKIPPED, List.of(), 0, List.of(), 0, reason);
  }

  void close() {
    executor.shutdownNow();
  }
}
