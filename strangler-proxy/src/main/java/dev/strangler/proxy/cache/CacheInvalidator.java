package dev.strangler.proxy.cache;

import dev.strangler.proxy.redis.LoopRedis;
import dev.strangler.proxy.route.CacheInvalidation;
import dev.strangler.proxy.route.TagTemplate;
import dev.strangler.proxy.table.LiveRouteTable;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evicts cached answers as events arrive, by the live table's {@code cacheInvalidation} rules: configured, not coded.
 * Each rule an event matches names a tag; every entry carrying it is deleted. One per proxy process; every instance of
 * the fleet evicts (it is idempotent).
 */
public final class CacheInvalidator extends VerticleBase {

  /**
   * Each eviction is done again this long after the first: a service that applies the same event to its read model a
   * little later than the proxy evicts could otherwise have its not-yet-updated answer cached again in between.
   */
  static final Duration SECOND_EVICTION_AFTER = Duration.ofSeconds(1);
  /** An eviction walks a tag's set; it may take longer than a lookup. */
  static final Duration MIN_EVICT_TIMEOUT = Duration.ofSeconds(2);
  private static final Logger LOG = LoggerFactory.getLogger(CacheInvalidator.class);

  private final LiveRouteTable live;
  private final CacheOptions options;
  private final CacheEvents events;
  private final Duration block;
  private EventFeed feed;
  private LoopRedis redis;
  private CacheStore store;

  public CacheInvalidator(LiveRouteTable live, CacheOptions options, CacheEvents events) {
    this(live, options, events, RedisStreamFeed.DEFAULT_BLOCK);
  }

  CacheInvalidator(LiveRouteTable live, CacheOptions options, CacheEvents events, Duration block) {
    this.live = Objects.requireNonNull(live, "live == null");
    this.options = Objects.requireNonNull(options, "options == null");
    this.events = Objects.requireNonNull(events, "events == null");
    this.block = block;
  }

  @Override
  public Future<?> start() {
    Duration timeout = options.timeout().compareTo(MIN_EVICT_TIMEOUT) > 0 ? options.timeout() : MIN_EVICT_TIMEOUT;
    redis = new LoopRedis(vertx, options.redisUrl(), timeout, LoopRedis.DEFAULT_PAUSE_AFTER_FAILURE);
    store = new CacheStore(redis::send, new CacheKeys(options.keyPrefix()));
    feed = new RedisStreamFeed(vertx, options, block);
    feed.start(this::streams, this::onEvent);
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    return feed.stop().eventually(redis::close);
  }

  private Set<String> streams() {
    return live.current().definition().cacheInvalidation().stream().map(CacheInvalidation::stream).collect(Collectors.toSet());
  }

  private void onEvent(StreamEvent event) {
    for (CacheInvalidation rule : live.current().definition().cacheInvalidation()) {
      if (!rule.appliesTo(event.stream(), event.type())) {
        continue;
      }
      String tag = TagTemplate.fill(rule.tag(), event::field);
      if (tag == null) {
        LOG.debug("event {} on {} lacks a field of tag {}", event.id(), event.stream(), rule.tag());
        continue;
      }
      store.evict(tag).onComplete(ar -> {
        if (ar.succeeded()) {
          events.evicted(event.stream(), rule.tag(), ar.result());
          vertx.setTimer(SECOND_EVICTION_AFTER.toMillis(), id -> store.evict(tag).onFailure(e ->
              LOG.debug("second eviction of tag {} failed (entries expire with their TTL): {}", tag, e.toString())));
        } else {
          events.redisError("evict");
          LOG.warn("could not evict tag {} for event {} on {} (entries expire with their TTL): {}", tag, event.id(),
              event.stream(), ar.cause().toString());
        }
      });
    }
  }
}
