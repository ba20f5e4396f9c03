package dev.strangler.servicekit.events;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer of a consumer group on one or more event streams: reads with XREADGROUP, applies each
 * event's {@link EventEffect} with the aggregate's guard in one script (idempotent, never older over
 * newer), acknowledges, retries failures and dead-letters entries that keep failing, takes over what
 * crashed consumers left pending (XAUTOCLAIM), and stops without losing an event.
 *
 * <p>One aggregate's events are applied one after the other in stream order within a consumer; events of
 * different aggregates concurrently. Across consumers the guard refuses any event whose sequence is not
 * above the aggregate's last applied one (counted as skipped), so an aggregate never goes back in time.
 */
public final class EventConsumer {

  private static final Logger LOG = LoggerFactory.getLogger(EventConsumer.class);

  /** What became of one delivered entry. */
  public record Outcome(String stream, String entryId, Kind kind, String detail) {
    /** APPLIED: the effect ran; SKIPPED: already applied or superseded; the rest: see {@link ConsumerMetrics}. */
    public enum Kind { APPLIED, SKIPPED, FAILED, DEAD_LETTERED, TRIMMED }
  }

  private final Vertx vertx;
  private final EventConsumerOptions options;
  private final StreamCommands commands;
  private final EntryHandling handling;
  private final ConsumerMetrics metrics;
  private final Promise<Void> stopped = Promise.promise();
  private Consumer<Outcome> listener = o -> {};
  private Context context;
  private boolean stopping;
  private boolean idle;
  private long backoffTimer = -1;
  private long metricsTimer = -1;
  private boolean ownPending = true;
  private long retryAt;
  private long claimAt;

  /**
   * @param streams the Redis holding the streams; {@code effects} the one the handler's effects and the
   *     guards live in (may be the same client; effect and guard are atomic either way, the XACK follows)
   */
  public EventConsumer(Vertx vertx, Redis streams, Redis effects, EventConsumerOptions options, EventHandler handler,
      MeterRegistry registry) {
    this(vertx, streams, options, GuardedApply.redis(Objects.requireNonNull(effects, "effects == null"),
        Objects.requireNonNull(handler, "handler == null"), Objects.requireNonNull(options, "options == null")), registry);
  }

  /**
   * A consumer whose events go to {@code sink}, which applies each with its guard in its own store (e.g.
   * {@link dev.strangler.servicekit.events.sql.GuardedSqlSink} for PostgreSQL); {@code options}' guard prefix is unused.
   */
  public EventConsumer(Vertx vertx, Redis streams, EventConsumerOptions options, EventSink sink, MeterRegistry registry) {
    this(vertx, streams, options, GuardedApply.sink(Objects.requireNonNull(sink, "sink == null")), registry);
  }

  private EventConsumer(Vertx vertx, Redis streams, EventConsumerOptions options, GuardedApply apply, MeterRegistry registry) {
    this.vertx = Objects.requireNonNull(vertx, "vertx == null");
    this.options = Objects.requireNonNull(options, "options == null");
    List<String> problems = options.problems();
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid event consumer options: " + String.join("; ", problems));
    }
    this.commands = new StreamCommands(Objects.requireNonNull(streams, "streams == null"), options);
    this.metrics = new ConsumerMetrics(Objects.requireNonNull(registry, "registry == null"), options);
    this.handling = new EntryHandling(apply, options, commands, new DeadLetters(streams, options), metrics,
        outcome -> listener.accept(outcome));
  }

  /** Called on the consumer's context for every outcome; set before {@link #start()}. */
  public EventConsumer onOutcome(Consumer<Outcome> listener) {
    this.listener = Objects.requireNonNull(listener, "listener == null");
    return this;
  }

  /** Creates missing groups (and streams), then consumes until {@link #stop()}. */
  public Future<Void> start() {
    context = vertx.getOrCreateContext();
    Promise<Void> started = Promise.promise();
    context.runOnContext(v -> commands.ensureGroups().onComplete(ar -> {
      if (ar.failed()) {
        started.fail(ar.cause());
        return;
      }
      LOG.info("consumer {} of group {} reading {}", options.consumer(), options.group(), options.streams());
      metricsTimer = vertx.setPeriodic(0, options.metricsInterval().toMillis(), id -> refreshMetrics());
      started.complete();
      loop();
    }));
    return started.future();
  }

  /**
   * Stops reading; the batch in hand is finished and acknowledged first. Completes when nothing is in
   * flight; an entry whose handling had not finished stays pending and is delivered again, never lost.
   */
  public Future<Void> stop() {
    if (context == null) {
      return Future.succeededFuture();
    }
    context.runOnContext(v -> {
      stopping = true;
      if (idle) {
        vertx.cancelTimer(backoffTimer);
        finish();
      }
    });
    return stopped.future();
  }

  public EventConsumerOptions options() {
    return options;
  }

  private void loop() {
    if (stopping) {
      finish();
      return;
    }
    iteration().onComplete(ar -> {
      if (ar.succeeded()) {
        context.runOnContext(v -> loop());
        return;
      }
      LOG.warn("consumer {}: reading failed ({}); again in {} ms", options.consumer(), ar.cause().getMessage(),
          options.retryDelay().toMillis());
      commands.closeBlocking();
      // The Redis may be another one now (a failover), whose pending list is not the one this consumer knew: entries
      // acknowledged on the old primary may be pending again here. Read its own pending entries first (the guards skip
      // what was applied already), rather than leave them until a claim takes them.
      ownPending = true;
      retryAt = 0;
      idle = true;
      backoffTimer = vertx.setTimer(options.retryDelay().toMillis(), id -> {
        idle = false;
        String message = String.valueOf(ar.cause().getMessage());
        (message.startsWith("NOGROUP") ? commands.ensureGroups() : Future.<Void>succeededFuture()).onComplete(x -> loop());
      });
    });
  }

  /** One step: own failed entries when their retry is due, else others' stale ones when a claim is due, else new ones. */
  private Future<Void> iteration() {
    long now = System.currentTimeMillis();
    if (ownPending && now >= retryAt) {
      return commands.readOwnPending().compose(entries -> {
        ownPending = !entries.isEmpty();
        return process(entries);
      });
    }
    if (now >= claimAt) {
      claimAt = now + options.claimInterval().toMillis();
      return claim();
    }
    return commands.readNew().compose(this::process);
  }

  private Future<Void> claim() {
    List<Future<StreamReplies.Claimed>> pages = new ArrayList<>();
    options.streams().forEach(s -> pages.add(commands.claim(s)));
    return Future.all(pages).compose(all -> {
      List<StreamEntry> entries = new ArrayList<>();
      for (Future<StreamReplies.Claimed> page : pages) {
        StreamReplies.Claimed claimed = page.result();
        entries.addAll(claimed.entries());
        if (!claimed.deletedIds().isEmpty()) {
          String stream = options.streams().get(pages.indexOf(page));
          LOG.warn("consumer {}: {} pending entries of {} were deleted (trimmed) before anyone processed them: {}",
              options.consumer(), claimed.deletedIds().size(), stream, claimed.deletedIds());
          metrics.trimmed(stream, claimed.deletedIds().size());
          claimed.deletedIds().forEach(id -> listener.accept(new Outcome(stream, id, Outcome.Kind.TRIMMED, "")));
        }
      }
      if (!entries.isEmpty()) {
        LOG.info("consumer {}: took over {} entries other consumers left pending", options.consumer(), entries.size());
      }
      if (commands.claimScanUnfinished()) {
        claimAt = 0;
      }
      return process(entries);
    });
  }

  /**
   * Handles each aggregate's entries one after the other in stream order, up to {@code concurrency} aggregates
   * at a time (more would only queue in the Redis pool, or overflow it), then acknowledges the done ones in one
   * XACK per stream: a crash before it only means they are delivered again, and the guards skip them.
   */
  private Future<Void> process(List<StreamEntry> entries) {
    Map<String, List<StreamEntry>> byAggregate = new LinkedHashMap<>();
    entries.forEach(e -> byAggregate.computeIfAbsent(e.orderKey(), k -> new ArrayList<>()).add(e));
    Iterator<List<StreamEntry>> chains = byAggregate.values().iterator();
    List<StreamEntry> done = new ArrayList<>();
    List<Future<Void>> workers = new ArrayList<>();
    for (int i = 0; i < Math.min(options.concurrency(), byAggregate.size()); i++) {
      workers.add(worker(chains, done));
    }
    return Future.join(workers).otherwiseEmpty().compose(v -> done.isEmpty() ? Future.succeededFuture() : commands.ack(done));
  }

  /** Takes the next aggregate's chain until none is left; all on the consumer's context, so the iterator is safe. */
  private Future<Void> worker(Iterator<List<StreamEntry>> chains, List<StreamEntry> done) {
    if (!chains.hasNext()) {
      return Future.succeededFuture();
    }
    Future<Void> chain = Future.succeededFuture();
    for (StreamEntry entry : chains.next()) {
      chain = chain.compose(v -> handling.handle(entry).map(handled -> {
        switch (handled) {
          case ACK -> done.add(entry);
          case RETRY -> {
            ownPending = true;
            retryAt = System.currentTimeMillis() + options.retryDelay().toMillis();
          }
          case SETTLED -> { }
        }
        return null;
      }));
    }
    return chain.compose(v -> worker(chains, done));
  }

  private void finish() {
    vertx.cancelTimer(metricsTimer);
    commands.closeBlocking();
    LOG.info("consumer {} of group {} stopped", options.consumer(), options.group());
    stopped.tryComplete();
  }

  private void refreshMetrics() {
    for (String stream : options.streams()) {
      commands.groupInfo(stream).onSuccess(info -> metrics.group(stream, info.lag(), info.pending(), info.length()))
          .onFailure(e -> LOG.debug("metrics of {} not read: {}", stream, e.getMessage()));
    }
  }
}
