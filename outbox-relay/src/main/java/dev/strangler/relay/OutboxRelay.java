package dev.strangler.relay;

import dev.strangler.relay.observe.RelayMetrics;
import dev.strangler.relay.outbox.ChangeWaiter;
import dev.strangler.relay.outbox.GapTracker;
import dev.strangler.relay.outbox.OutboxStore;
import dev.strangler.relay.outbox.TransactionHorizon;
import dev.strangler.relay.redis.FencedException;
import dev.strangler.relay.redis.Lease;
import dev.strangler.relay.redis.RelayKeys;
import dev.strangler.relay.redis.Retention;
import dev.strangler.relay.redis.StreamAppender;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * The outbox relay, embeddable: construct it with a DataSource, a Redis client and a meter registry,
 * {@link #start()} it, {@link #stop(Duration)} it. One thread; several instances may run, one leads.
 */
public final class OutboxRelay implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
  /** How long {@link #close()} lets the batch in flight finish. */
  public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(30);
  /** The shortest wait before looking at a gap again. */
  private static final Duration GAP_POLL_MIN = Duration.ofMillis(2);
  /** For this long after publishing something the relay polls every {@link #BUSY_POLL} instead of waiting for a notification. */
  private static final Duration BUSY_WINDOW = Duration.ofSeconds(1);
  private static final Duration BUSY_POLL = Duration.ofMillis(2);

  private final RelayOptions options;
  private final DataSource dataSource;
  private final UnifiedJedis redis;
  private final RelayMetrics metrics;
  private final RelayHooks hooks;
  private final Clock clock;
  private final Lease lease;
  private final ChangeWaiter waiter;
  private BatchPublisher publisher;
  private Thread thread;
  private volatile boolean running;
  private volatile Instant lastHealthy;
  private Instant renewedAt = Instant.MIN;
  private Instant nextTrim = Instant.MIN;
  private Instant lastPublished = Instant.MIN;

  public OutboxRelay(RelayOptions options, DataSource dataSource, UnifiedJedis redis, MeterRegistry registry) {
    this(options, dataSource, redis, registry, RelayHooks.NONE, Clock.systemUTC());
  }

  OutboxRelay(RelayOptions options, DataSource dataSource, UnifiedJedis redis, MeterRegistry registry, RelayHooks hooks, Clock clock) {
    this.options = Objects.requireNonNull(options, "options == null").validate();
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource == null");
    this.redis = Objects.requireNonNull(redis, "redis == null");
    this.metrics = new RelayMetrics(Objects.requireNonNull(registry, "registry == null"), options.streamCap());
    this.hooks = Objects.requireNonNull(hooks, "hooks == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    RelayKeys keys = new RelayKeys(options.keyPrefix(), options.relayName());
    this.lease = new Lease(redis, keys, options.instanceId(), options.leaseTtl());
    this.waiter = new ChangeWaiter(dataSource, options.notifyChannel());
  }

  /** Starts the relay's thread: it leads or stands by, and retries while the database or Redis is down. */
  public synchronized OutboxRelay start() {
    if (thread != null) {
      throw new IllegalStateException("relay already started");
    }
    RelayKeys keys = new RelayKeys(options.keyPrefix(), options.relayName());
    TransactionHorizon horizon = TransactionHorizon.detect(dataSource);
    publisher = new BatchPublisher(options, new OutboxStore(dataSource, options.table()),
        new GapTracker(options.gapGrace(), options.gapMaxWait(), horizon, clock),
        new StreamAppender(redis, keys, options.streamCap(), options.replicaAcks(), options.replicaAckTimeout()), new Retention(redis, keys), keys, metrics, hooks, clock);
    running = true;
    // An Error ends the thread without releasing the lease, as a crash would; readiness then turns DOWN.
    thread = Thread.ofPlatform().name("outbox-relay")
        .uncaughtExceptionHandler((t, e) -> LOG.error("outbox relay thread died: {}", e.toString()))
        .start(this::run);
    return this;
  }

  /** Stops after the batch in flight and gives the lease up; true when it stopped within {@code timeout}. */
  public boolean stop(Duration timeout) throws InterruptedException {
    Thread t;
    synchronized (this) {
      t = thread;
      running = false;
    }
    if (t == null) {
      return true;
    }
    waiter.wake();
    return t.join(timeout);
  }

  @Override
  public void close() throws InterruptedException {
    stop(DEFAULT_STOP_TIMEOUT);
    waiter.close();
  }

  public boolean isLeader() {
    return lease.held();
  }

  public long fencingToken() {
    return lease.token();
  }

  /** Alive, and its last step reached the database and Redis recently (leader or standby alike). */
  public boolean isReady() {
    Instant healthy = lastHealthy;
    Duration recent = max(Duration.ofSeconds(5), options.pollInterval().multipliedBy(3), options.leaseRenewInterval().multipliedBy(3));
    return running && healthy != null && healthy.plus(recent).isAfter(clock.instant());
  }

  public RelayMetrics metrics() {
    return metrics;
  }

  private void run() {
    LOG.info("outbox relay {} started: {} -> {}events:*", options.instanceId(), options.table().table(), options.keyPrefix());
    while (running) {
      try {
        step();
        lastHealthy = clock.instant();
      } catch (FencedException e) {
        LOG.warn("lease lost while leading (paused too long?): {}; standing by", e.getMessage());
        metrics.fenced();
        lease.lost();
        metrics.leader(0);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (RuntimeException | SQLException e) {
        metrics.error();
        LOG.warn("relay step failed, retrying in {} ms: {}", options.pollInterval().toMillis(), e.toString());
        pause(options.pollInterval());
      }
    }
    try {
      lease.release();
    } catch (RuntimeException e) {
      LOG.warn("could not release the lease (it expires by itself): {}", e.toString());
    }
    metrics.leader(0);
    LOG.info("outbox relay {} stopped", options.instanceId());
  }

  /** Keeps the lease, publishes one batch when leading, trims when due, waits when there is nothing to do. */
  private void step() throws SQLException, InterruptedException {
    Instant now = clock.instant();
    if (!now.isBefore(renewedAt.plus(options.leaseRenewInterval()))) {
      boolean was = lease.held();
      long token = lease.acquireOrRenew();
      renewedAt = now;
      metrics.leader(token);
      if (token > 0 && !was) {
        LOG.info("leader now, fencing token {}", token);
        publisher.resume();
        nextTrim = Instant.MIN;
      } else if (token > 0) {
        publisher.verifyPosition();
      } else if (token == 0 && was) {
        LOG.warn("lease taken over by another instance; standing by");
      }
    }
    if (!lease.held()) {
      metrics.lag(Duration.ZERO);
      waiter.sleep(options.leaseRenewInterval());
      return;
    }
    BatchPublisher.Outcome outcome = publisher.publishBatch(lease.value());
    if (outcome == BatchPublisher.Outcome.BACKPRESSURED || !clock.instant().isBefore(nextTrim)) {
      publisher.trim(lease.value());
      nextTrim = clock.instant().plus(options.trimInterval());
    }
    Duration idle = min(options.pollInterval(), options.leaseRenewInterval());
    switch (outcome) {
      case MORE -> lastPublished = clock.instant();
      // Busy lately: poll again shortly; a notification wait would return late under a stream of commits (ChangeWaiter).
      case IDLE -> {
        if (clock.instant().isBefore(lastPublished.plus(BUSY_WINDOW))) {
          waiter.sleep(min(idle, BUSY_POLL));
        } else {
          waiter.await(idle);
        }
      }
      // Most gaps are transactions a few milliseconds from their commit; an old one is likely a
      // rollback (which sends no notification) or a long transaction: look again sooner for young gaps.
      case GAP -> waiter.sleep(min(idle, options.gapGrace(), max(GAP_POLL_MIN, publisher.blockedFor().dividedBy(10))));
      case BACKPRESSURED -> waiter.sleep(idle);
    }
  }

  private void pause(Duration d) {
    try {
      waiter.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  private static Duration min(Duration a, Duration... more) {
    Duration m = a;
    for (Duration d : more) {
      m = d.compareTo(m) < 0 ? d : m;
    }
    return m;
  }

  private static Duration max(Duration a, Duration... more) {
    Duration m = a;
    for (Duration d : more) {
      m = d.compareTo(m) > 0 ? d : m;
    }
    return m;
  }
}
