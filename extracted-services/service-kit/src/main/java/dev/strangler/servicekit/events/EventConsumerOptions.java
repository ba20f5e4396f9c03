package dev.strangler.servicekit.events;

import dev.strangler.redis.HashTag;
import dev.strangler.servicekit.config.EnvReader;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How an {@link EventConsumer} reads: which streams, as which group and consumer, and its limits. Build
 * with {@link #of} and the {@code with*} methods; {@link #problems()} lists what is wrong.
 *
 * @param streams the stream keys read, e.g. {@code strangler:events:product}; at least one
 * @param group the consumer group, one per service: every service gets every event once
 * @param consumer this consumer's name in the group; keep it across restarts so a restarted consumer takes
 *     its own pending events back first; default {@link #defaultConsumerName()} ({@code <host>-<pid>})
 * @param startFrom where a group created by the consumer starts; default {@link StartFrom#BEGINNING}
 * @param guardPrefix prefix of the per-aggregate guard keys ({@code <guardPrefix><group>:<aggregateType>:<aggregateId>},
 *     holding the last applied sequence) in the effects' Redis; default {@value #DEFAULT_GUARD_PREFIX}
 * @param batchSize entries read per XREADGROUP / XAUTOCLAIM; default {@value #DEFAULT_BATCH_SIZE}
 * @param concurrency aggregates handled at once within a batch (each aggregate's events one after the other); keep it
 *     below the Redis clients' pool size plus waiters; default {@value #DEFAULT_CONCURRENCY}
 * @param block how long one read waits for new entries; bounds how long a stop waits; default {@link #DEFAULT_BLOCK}
 * @param claimMinIdle how long another consumer's entry must have been pending before it is claimed
 *     (XAUTOCLAIM); longer than any handling takes; default {@link #DEFAULT_CLAIM_MIN_IDLE}
 * @param claimInterval how often pending entries of other consumers are looked for; default {@link #DEFAULT_CLAIM_INTERVAL}
 * @param retryDelay how long a failed delivery waits before it is retried; default {@link #DEFAULT_RETRY_DELAY}
 * @param maxDeliveries deliveries after which a failing entry goes to {@code <stream>:dead:<group>}; default
 *     {@value #DEFAULT_MAX_DELIVERIES}
 * @param metricsInterval how often lag, pending count and stream length are read; default {@link #DEFAULT_METRICS_INTERVAL}
 */
public record EventConsumerOptions(List<String> streams, String group, String consumer, StartFrom startFrom,
    String guardPrefix, int batchSize, int concurrency, Duration block, Duration claimMinIdle, Duration claimInterval, Duration retryDelay,
    int maxDeliveries, Duration metricsInterval) {

  /** Where a group the consumer creates starts reading. */
  public enum StartFrom {
    /** Every entry still in the stream ({@code 0}): a new read model gets the history. */
    BEGINNING("0"),
    /** Only entries added from now on ({@code $}). */
    NEW("$");

    final String id;

    StartFrom(String id) {
      this.id = id;
    }
  }

  public static final String DEFAULT_GUARD_PREFIX = "events:applied:";
  public static final int DEFAULT_BATCH_SIZE = 100;
  public static final int DEFAULT_CONCURRENCY = 8;
  public static final Duration DEFAULT_BLOCK = Duration.ofSeconds(1);
  /**
   * Each Redis call of a consumer fails after this long without an answer (a blocking read after its block time and
   * this); the consumer then reconnects after its retry delay, to whichever server is the master by then.
   */
  public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_CLAIM_MIN_IDLE = Duration.ofSeconds(30);
  public static final Duration DEFAULT_CLAIM_INTERVAL = Duration.ofSeconds(5);
  public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(1);
  public static final int DEFAULT_MAX_DELIVERIES = 5;
  public static final Duration DEFAULT_METRICS_INTERVAL = Duration.ofSeconds(5);

  public EventConsumerOptions {
    streams = List.copyOf(streams);
    Objects.requireNonNull(group, "group == null");
    Objects.requireNonNull(consumer, "consumer == null");
    Objects.requireNonNull(startFrom, "startFrom == null");
    Objects.requireNonNull(guardPrefix, "guardPrefix == null");
    Objects.requireNonNull(block, "block == null");
    Objects.requireNonNull(claimMinIdle, "claimMinIdle == null");
    Objects.requireNonNull(claimInterval, "claimInterval == null");
    Objects.requireNonNull(retryDelay, "retryDelay == null");
    Objects.requireNonNull(metricsInterval, "metricsInterval == null");
  }

  /** The defaults for {@code group} reading {@code streams}. */
  public static EventConsumerOptions of(String group, List<String> streams) {
    return new EventConsumerOptions(streams, group, defaultConsumerName(), StartFrom.BEGINNING, DEFAULT_GUARD_PREFIX,
        DEFAULT_BATCH_SIZE, DEFAULT_CONCURRENCY, DEFAULT_BLOCK, DEFAULT_CLAIM_MIN_IDLE, DEFAULT_CLAIM_INTERVAL, DEFAULT_RETRY_DELAY,
        DEFAULT_MAX_DELIVERIES, DEFAULT_METRICS_INTERVAL);
  }

  /** The relay's default key prefix: streams are {@code <prefix>events:<aggregate type>}. */
  public static final String DEFAULT_STREAM_PREFIX = "strangler:";

  /**
   * A service's consumer options from its environment, in one place for every service: {@code <env>_EVENTS_PREFIX}
   * (before each of {@code streamNames}; default {@value #DEFAULT_STREAM_PREFIX}, must end with ':'),
   * {@code _EVENTS_GROUP} (default {@code defaultGroup}), {@code _EVENTS_CONSUMER} (default {@link #defaultConsumerName()}),
   * {@code _EVENTS_START_FROM} ({@code beginning}, default, or {@code new}), {@code _EVENTS_BATCH_SIZE},
   * {@code _EVENTS_CLAIM_MIN_IDLE_MS}, {@code _EVENTS_RETRY_DELAY_MS}, {@code _EVENTS_MAX_DELIVERIES} (defaults above).
   * On a Redis Cluster ({@code eventsRedisUrl}, the streams' Redis, may be null: events off) the prefix must carry a hash
   * tag ({@code {strangler}:}, as the relay's): one XREADGROUP reads every stream, and a dead letter moves in one script.
   * Problems go to {@code env}, to be reported with the service's others.
   */
  public static EventConsumerOptions read(EnvReader env, String envPrefix, String defaultGroup, List<String> streamNames,
      String eventsRedisUrl) {
    String name = envPrefix + "_EVENTS_";
    String prefix = env.string(name + "PREFIX", DEFAULT_STREAM_PREFIX);
    env.require(prefix.endsWith(":"), name + "PREFIX must end with ':' (got '" + prefix + "')");
    HashTag.clusterProblem(eventsRedisUrl, name + "PREFIX", prefix, "{strangler}:").ifPresent(p -> env.require(false, p));
    String from = env.string(name + "START_FROM", "beginning");
    env.require(from.equals("beginning") || from.equals("new"), name + "START_FROM must be beginning or new (got '" + from + "')");
    EventConsumerOptions options = of(env.string(name + "GROUP", defaultGroup), streamNames.stream().map(s -> prefix + s).toList())
        .withConsumer(env.string(name + "CONSUMER", defaultConsumerName()))
        .withStartFrom(from.equals("new") ? StartFrom.NEW : StartFrom.BEGINNING)
        .withBatchSize(env.integer(name + "BATCH_SIZE", DEFAULT_BATCH_SIZE, 1, 10_000));
    Duration minIdle = Duration.ofMillis(env.integer(name + "CLAIM_MIN_IDLE_MS", (int) DEFAULT_CLAIM_MIN_IDLE.toMillis(), 1, 3_600_000));
    Duration retry = Duration.ofMillis(env.integer(name + "RETRY_DELAY_MS", (int) DEFAULT_RETRY_DELAY.toMillis(), 1, 600_000));
    int deliveries = env.integer(name + "MAX_DELIVERIES", DEFAULT_MAX_DELIVERIES, 1, 1_000);
    options = options.withClaim(minIdle, options.claimInterval()).withRetries(retry, deliveries);
    options.problems().forEach(p -> env.require(false, name + "*: " + p));
    return options;
  }

  /** {@code <host>-<pid>}: unique per process; a restart gets a new name (set one to keep it). */
  public static String defaultConsumerName() {
    return ManagementFactory.getRuntimeMXBean().getName().replaceFirst("^(\\d+)@(.*)$", "$2-$1");
  }

  /** Every problem with these options; empty when they are usable. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (streams.isEmpty()) {
      problems.add("at least one stream is needed");
    }
    if (streams.stream().anyMatch(String::isBlank) || streams.stream().distinct().count() != streams.size()) {
      problems.add("streams must be distinct and not blank (got " + streams + ")");
    }
    if (group.isBlank() || consumer.isBlank()) {
      problems.add("group and consumer must not be blank");
    }
    if (batchSize < 1 || batchSize > 10_000) {
      problems.add("batchSize must be between 1 and 10000 (got " + batchSize + ")");
    }
    if (concurrency < 1 || concurrency > 1_000) {
      problems.add("concurrency must be between 1 and 1000 (got " + concurrency + ")");
    }
    if (maxDeliveries < 1) {
      problems.add("maxDeliveries must be at least 1 (got " + maxDeliveries + ")");
    }
    if (block.isNegative() || block.isZero()) {
      problems.add("block must be positive (BLOCK 0 would wait forever and a stop with it)");
    }
    for (Duration d : List.of(claimMinIdle, claimInterval, retryDelay, metricsInterval)) {
      if (d.isNegative() || d.isZero()) {
        problems.add("claimMinIdle, claimInterval, retryDelay and metricsInterval must be positive");
        break;
      }
    }
    return problems;
  }

  public EventConsumerOptions withConsumer(String name) {
    return new EventConsumerOptions(streams, group, name, startFrom, guardPrefix, batchSize, concurrency, block, claimMinIdle, claimInterval,
        retryDelay, maxDeliveries, metricsInterval);
  }

  public EventConsumerOptions withStartFrom(StartFrom from) {
    return new EventConsumerOptions(streams, group, consumer, from, guardPrefix, batchSize, concurrency, block, claimMinIdle, claimInterval,
        retryDelay, maxDeliveries, metricsInterval);
  }

  public EventConsumerOptions withGuardPrefix(String prefix) {
    return new EventConsumerOptions(streams, group, consumer, startFrom, prefix, batchSize, concurrency, block, claimMinIdle, claimInterval,
        retryDelay, maxDeliveries, metricsInterval);
  }

  public EventConsumerOptions withBatchSize(int size) {
    return new EventConsumerOptions(streams, group, consumer, startFrom, guardPrefix, size, concurrency, block, claimMinIdle, claimInterval,
        retryDelay, maxDeliveries, metricsInterval);
  }

  public EventConsumerOptions withConcurrency(int aggregates) {
    return new EventConsumerOptions(streams, group, consumer, startFrom, guardPrefix, batchSize, aggregates, block, claimMinIdle,
        claimInterval, retryDelay, maxDeliveries, metricsInterval);
  }

  public EventConsumerOptions withBlock(Duration wait) {
    return new EventConsumerOptions(streams, group, consumer, startFrom, guardPrefix, batchSize, concurrency, wait, claimMinIdle, claimInterval,
        retryDelay, maxDeliveries, metricsInterval);
  }

  /** Both claim settings: entries idle at least {@code minIdle} are looked for every {@code interval}. */
  public EventConsumerOptions withClaim(Duration minIdle, Duration interval) {
    return new EventConsumerOptions(streams, group, consumer, startFrom, guardPrefix, batchSize, concurrency, block, minIdle, interval,
        retryDelay, maxDeliveries, metricsInterval);
  }

  /** Retry a failed delivery after {@code delay}; dead-letter it after {@code deliveries} failed deliveries. */
  public EventConsumerOptions withRetries(Duration delay, int deliveries) {
    return new EventConsumerOptions(streams, group, consumer, startFrom, guardPrefix, batchSize, concurrency, block, claimMinIdle, claimInterval,
        delay, deliveries, metricsInterval);
  }

  public EventConsumerOptions withMetricsInterval(Duration interval) {
    return new EventConsumerOptions(streams, group, consumer, startFrom, guardPrefix, batchSize, concurrency, block, claimMinIdle, claimInterval,
        retryDelay, maxDeliveries, interval);
  }

  /** The dead-letter stream of {@code stream} for this group: {@code <stream>:dead:<group>}. */
  public String deadLetterStream(String stream) {
    return stream + ":dead:" + group;
  }

  /** The key holding the last sequence applied to one aggregate by this group. */
  public String guardKey(String aggregateType, String aggregateId) {
    return guardPrefix + group + ":" + aggregateType + ":" + aggregateId;
  }
}
