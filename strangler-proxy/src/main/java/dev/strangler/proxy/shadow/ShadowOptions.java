package dev.strangler.proxy.shadow;

import dev.strangler.compare.CompareRules;
import dev.strangler.compare.CompareRulesFile;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The proxy's shadow settings ({@code STRANGLER_SHADOW_*}, {@code STRANGLER_COMPARE_RULES}); per-route limits are in
 * the route table ({@link dev.strangler.proxy.route.ShadowPolicy}).
 *
 * @param poolSize connections per candidate address and event loop on the shadow's own client; default {@value #DEFAULT_POOL_SIZE}
 * @param connectTimeout connect timeout of copies; default 1s
 * @param compareQueue comparisons waiting for a worker; one more is dropped ({@code COMPARE_QUEUE_FULL}); default
 *     {@value #DEFAULT_COMPARE_QUEUE}
 * @param compareThreads threads comparing, shared by every event loop; default {@value #DEFAULT_COMPARE_THREADS}
 * @param rules every route's compare rules; default {@link CompareRules#DEFAULTS} for all
 * @param rulesSource where the rules came from, for logs
 * @param candidateMaxFailures failed connections to a backend within the breaker's rolling window (10 s) after which
 *     copies to it stop for {@code candidateCoolDown} (each sampled request then a {@code CANDIDATE_DOWN} drop); default
 *     {@value #DEFAULT_CANDIDATE_MAX_FAILURES}
 * @param candidateCoolDown how long copies to a backend that refuses connections stop before one trial copy; default 5s
 */
public record ShadowOptions(int poolSize, Duration connectTimeout, int compareQueue, int compareThreads,
                            CompareRulesFile rules, String rulesSource, int candidateMaxFailures,
                            Duration candidateCoolDown) {

  public static final int DEFAULT_POOL_SIZE = 16;
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);
  public static final int DEFAULT_COMPARE_QUEUE = 256;
  public static final int DEFAULT_COMPARE_THREADS = 1;
  public static final CompareRulesFile DEFAULT_RULES = new CompareRulesFile(CompareRules.DEFAULTS, Map.of());
  public static final int DEFAULT_CANDIDATE_MAX_FAILURES = 5;
  public static final Duration DEFAULT_CANDIDATE_COOL_DOWN = Duration.ofSeconds(5);

  public static final ShadowOptions DEFAULTS = new ShadowOptions(DEFAULT_POOL_SIZE, DEFAULT_CONNECT_TIMEOUT,
      DEFAULT_COMPARE_QUEUE, DEFAULT_COMPARE_THREADS, DEFAULT_RULES, "defaults");

  /** With the default candidate breaker. */
  public ShadowOptions(int poolSize, Duration connectTimeout, int compareQueue, int compareThreads, CompareRulesFile rules,
                       String rulesSource) {
    this(poolSize, connectTimeout, compareQueue, compareThreads, rules, rulesSource, DEFAULT_CANDIDATE_MAX_FAILURES,
        DEFAULT_CANDIDATE_COOL_DOWN);
  }

  public ShadowOptions {
    Objects.requireNonNull(connectTimeout, "connectTimeout == null");
    Objects.requireNonNull(candidateCoolDown, "candidateCoolDown == null");
    Objects.requireNonNull(rules, "rules == null");
    Objects.requireNonNull(rulesSource, "rulesSource == null");
  }

  public ShadowOptions withRules(CompareRulesFile file, String source) {
    return new ShadowOptions(poolSize, connectTimeout, compareQueue, compareThreads, file, source, candidateMaxFailures,
        candidateCoolDown);
  }

  public ShadowOptions withCandidateBreaker(int maxFailures, Duration coolDown) {
    return new ShadowOptions(poolSize, connectTimeout, compareQueue, compareThreads, rules, rulesSource, maxFailures,
        coolDown);
  }

  @Override
  public String toString() {
    return "pool " + poolSize + ", connect " + connectTimeout.toMillis() + "ms, compare queue " + compareQueue + " on "
        + compareThreads + " thread(s), rules " + rulesSource + ", candidate breaker " + candidateMaxFailures + " failures / "
        + candidateCoolDown.toMillis() + "ms";
  }
}
