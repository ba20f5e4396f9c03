package dev.strangler.catalog;

import dev.strangler.catalog.backfill.Backfill;
import dev.strangler.catalog.readmodel.ReadModelKeys;
import dev.strangler.redis.HashTag;
import dev.strangler.servicekit.config.EnvReader;
import dev.strangler.servicekit.config.ServiceOptions;
import dev.strangler.servicekit.events.EventConsumerOptions;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * catalog-service's whole configuration, read from the environment and validated in one place
 * ({@link #fromEnvironment}), every problem reported at once. No other class reads the environment.
 *
 * @param service name, version, listen address, discovery and shutdown ({@code CATALOG_SERVICE_NAME},
 *     {@code CATALOG_HTTP_PORT}…, see {@link ServiceOptions}); name {@value #DEFAULT_SERVICE_NAME}, port {@value #DEFAULT_PORT}
 * @param redisUrl the read model's Redis ({@code CATALOG_REDIS_URL}); default {@value #DEFAULT_REDIS_URL}
 * @param keyPrefix prefix of every read model key ({@code CATALOG_KEY_PREFIX}); default {@value ReadModelKeys#DEFAULT_PREFIX};
 *     on a Redis Cluster it must carry a hash tag ({@code {catalog}:}): the read model is used in multi-key scripts
 * @param backfillFrom the monolith to backfill from on start when the read model is empty
 *     ({@code CATALOG_BACKFILL_FROM}); default none: no backfill on start
 * @param backfillPageSize products per page read from the monolith ({@code CATALOG_BACKFILL_PAGE_SIZE}, 1–100);
 *     default {@value Backfill#DEFAULT_PAGE_SIZE}
 * @param eventsRedisUrl the Redis holding the relay's event streams ({@code CATALOG_EVENTS_REDIS_URL}); default none:
 *     no events consumed
 * @param events how product events are consumed, null when {@code eventsRedisUrl} is: the stream
 *     {@code <CATALOG_EVENTS_PREFIX>events:product} (prefix default {@value #DEFAULT_EVENTS_PREFIX}), group
 *     {@code CATALOG_EVENTS_GROUP} (default the service name), consumer {@code CATALOG_EVENTS_CONSUMER} (default
 *     host-pid), {@code CATALOG_EVENTS_START_FROM} ({@code beginning}, default, or {@code new}), {@code CATALOG_EVENTS_BATCH_SIZE},
 *     {@code CATALOG_EVENTS_MAX_DELIVERIES}, {@code CATALOG_EVENTS_CLAIM_MIN_IDLE_MS}, {@code CATALOG_EVENTS_RETRY_DELAY_MS}
 *     (defaults: {@link EventConsumerOptions}); guards under {@code <CATALOG_KEY_PREFIX>applied:}
 */
public record CatalogSettings(ServiceOptions service, String redisUrl, String keyPrefix, String backfillFrom, int backfillPageSize,
    String eventsRedisUrl, EventConsumerOptions events) {

  public static final String DEFAULT_SERVICE_NAME = "catalog-service";
  public static final int DEFAULT_PORT = 8082;
  public static final String DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";
  public static final String DEFAULT_EVENTS_PREFIX = EventConsumerOptions.DEFAULT_STREAM_PREFIX;
  /** The product stream under the events prefix (the relay's {@code <prefix>events:<aggregate type>}). */
  public static final String PRODUCT_STREAM = "events:product";

  public CatalogSettings {
    Objects.requireNonNull(service, "service == null");
    Objects.requireNonNull(redisUrl, "redisUrl == null");
    Objects.requireNonNull(keyPrefix, "keyPrefix == null");
  }

  /** Reads every {@code CATALOG_*} variable; throws {@link dev.strangler.servicekit.config.InvalidConfigException} listing all problems. */
  public static CatalogSettings fromEnvironment(Map<String, String> env) {
    EnvReader reader = new EnvReader(env);
    ServiceOptions service = ServiceOptions.read(reader, "CATALOG", DEFAULT_SERVICE_NAME, DEFAULT_PORT);
    String redis = reader.redisUrl("CATALOG_REDIS_URL", DEFAULT_REDIS_URL);
    String prefix = reader.string("CATALOG_KEY_PREFIX", ReadModelKeys.DEFAULT_PREFIX);
    reader.require(prefix.endsWith(":"), "CATALOG_KEY_PREFIX must end with ':' (got '" + prefix + "')");
    // The projection script, search's set operations and the guard touch many read model keys at once: one slot.
    HashTag.clusterProblem(redis, "CATALOG_KEY_PREFIX", prefix, "{catalog}:").ifPresent(p -> reader.require(false, p));
    String from = reader.httpUrl("CATALOG_BACKFILL_FROM", null);
    int pageSize = reader.integer("CATALOG_BACKFILL_PAGE_SIZE", Backfill.DEFAULT_PAGE_SIZE, 1, 100);
    String eventsRedis = reader.redisUrl("CATALOG_EVENTS_REDIS_URL", null);
    EventConsumerOptions events = events(reader, service.name(), prefix, eventsRedis);
    reader.validate();
    return new CatalogSettings(service, redis, prefix, from, pageSize, eventsRedis, eventsRedis == null ? null : events);
  }

  /** Read even when events are off, so a mistyped setting is reported rather than ignored. */
  private static EventConsumerOptions events(EnvReader reader, String serviceName, String keyPrefix, String eventsRedisUrl) {
    return EventConsumerOptions.read(reader, "CATALOG", serviceName, List.of(PRODUCT_STREAM), eventsRedisUrl)
        .withGuardPrefix(keyPrefix + "applied:");
  }

  public CatalogSettings withService(ServiceOptions newService) {
    return new CatalogSettings(newService, redisUrl, keyPrefix, backfillFrom, backfillPageSize, eventsRedisUrl, events);
  }

  /** The product stream's key, when events are on. */
  public String productStream() {
    return events == null ? null : events.streams().get(0);
  }
}
