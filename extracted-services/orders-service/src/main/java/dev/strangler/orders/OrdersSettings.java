package dev.strangler.orders;

import dev.strangler.orders.projection.BackfillOptions;
import dev.strangler.servicekit.config.EnvReader;
import dev.strangler.servicekit.config.ServiceOptions;
import dev.strangler.servicekit.events.EventConsumerOptions;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * orders-service's whole configuration, read from the environment and validated in one place
 * ({@link #fromEnvironment}), every problem reported at once. No other class reads the environment.
 *
 * @param service name, version, listen address, discovery, shutdown and identity key ({@code ORDERS_SERVICE_NAME},
 *     {@code ORDERS_HTTP_PORT}, {@code ORDERS_IDENTITY_KEY}…, see {@link ServiceOptions}); name
 *     {@value #DEFAULT_SERVICE_NAME}, port {@value #DEFAULT_PORT}
 * @param databaseUrl the PostgreSQL holding the service's schemas ({@code ORDERS_DATABASE_URL},
 *     {@code postgresql://user:password@host:port/database}); required. Never printed with its password.
 * @param liveSchema the schema of real orders ({@code ORDERS_DB_SCHEMA}); default {@value #DEFAULT_LIVE_SCHEMA}
 * @param sandboxSchema the schema sandboxed requests use, same DDL ({@code ORDERS_SANDBOX_SCHEMA}); default
 *     {@value #DEFAULT_SANDBOX_SCHEMA}
 * @param dbPoolSize connections in the reactive pool ({@code ORDERS_DB_POOL_SIZE}, 1–100); default {@value #DEFAULT_DB_POOL_SIZE}
 * @param redisUrl the Redis of the monolith's sessions, where the cart lives ({@code ORDERS_REDIS_URL}); default
 *     {@value #DEFAULT_REDIS_URL}
 * @param sessionNamespace Spring Session's namespace ({@code ORDERS_SESSION_NAMESPACE}): keys
 *     {@code <namespace>:sessions:<id>}; default {@value #DEFAULT_SESSION_NAMESPACE}
 * @param monolithUrl the monolith's base URL for stock reservations ({@code ORDERS_MONOLITH_URL}); required
 * @param internalToken the bearer token of the monolith's internal API ({@code ORDERS_INTERNAL_TOKEN}, the monolith's
 *     {@code ACME_INTERNAL_TOKEN}, at least {@value #MIN_TOKEN_LENGTH} characters); required. Never printed.
 * @param reservationTimeout how long one call to the monolith's reservation API may take
 *     ({@code ORDERS_RESERVATION_TIMEOUT_MS}); default {@link #DEFAULT_RESERVATION_TIMEOUT}
 * @param idempotencyTtl how long an idempotency key is remembered ({@code ORDERS_IDEMPOTENCY_TTL_MINUTES}); default
 *     {@link #DEFAULT_IDEMPOTENCY_TTL}
 * @param idempotencyClaimTimeout how long an unfinished checkout holds its key before a retry may take it over
 *     ({@code ORDERS_IDEMPOTENCY_CLAIM_TIMEOUT_MS}); default {@link #DEFAULT_CLAIM_TIMEOUT}
 * @param idempotencySweep how often expired keys are deleted ({@code ORDERS_IDEMPOTENCY_SWEEP_MS}); default
 *     {@link #DEFAULT_SWEEP_INTERVAL}
 * @param eventsRedisUrl the Redis holding the monolith relay's streams ({@code ORDERS_EVENTS_REDIS_URL}); default none:
 *     no projections are fed
 * @param events how the monolith's events are consumed, null when {@code eventsRedisUrl} is: streams
 *     {@code <ORDERS_EVENTS_PREFIX>events:product|customer|order} (prefix default {@value #DEFAULT_EVENTS_PREFIX}),
 *     group {@code ORDERS_EVENTS_GROUP} (default the service name), consumer {@code ORDERS_EVENTS_CONSUMER}, start
 *     {@code ORDERS_EVENTS_START_FROM} ({@code beginning}, default, or {@code new}), and the rest of
 *     {@link EventConsumerOptions#read}
 * @param backfill the product backfill on start ({@code ORDERS_BACKFILL_FROM}, {@code ORDERS_BACKFILL_PAGE_SIZE},
 *     {@code ORDERS_BACKFILL_RETRY_MS}, {@code ORDERS_BACKFILL_RETRY_MAX_MS}, see {@link BackfillOptions}); default none:
 *     null, no backfill on start
 */
public record OrdersSettings(ServiceOptions service, String databaseUrl, String liveSchema, String sandboxSchema, int dbPoolSize,
    String redisUrl, String sessionNamespace, String monolithUrl, String internalToken, Duration reservationTimeout,
    Duration idempotencyTtl, Duration idempotencyClaimTimeout, Duration idempotencySweep, String eventsRedisUrl,
    EventConsumerOptions events, BackfillOptions backfill) {

  public static final String DEFAULT_SERVICE_NAME = "orders-service";
  public static final int DEFAULT_PORT = 8084;
  public static final String DEFAULT_LIVE_SCHEMA = "orders_service";
  public static final String DEFAULT_SANDBOX_SCHEMA = "orders_sandbox";
  public static final int DEFAULT_DB_POOL_SIZE = 8;
  public static final String DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";
  public static final String DEFAULT_SESSION_NAMESPACE = "acme:session";
  public static final int MIN_TOKEN_LENGTH = 16;
  public static final Duration DEFAULT_RESERVATION_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_IDEMPOTENCY_TTL = Duration.ofHours(24);
  public static final Duration DEFAULT_CLAIM_TIMEOUT = Duration.ofMinutes(1);
  public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofMinutes(1);
  public static final String DEFAULT_EVENTS_PREFIX = EventConsumerOptions.DEFAULT_STREAM_PREFIX;
  /** The monolith relay's streams this service reads, under the events prefix. */
  public static final List<String> STREAMS = List.of("events:product", "events:customer", "events:order");

  private static final String IDENTIFIER = "[a-z_][a-z0-9_]{0,62}";

  public OrdersSettings {
    Objects.requireNonNull(service, "service == null");
    Objects.requireNonNull(databaseUrl, "databaseUrl == null");
    Objects.requireNonNull(liveSchema, "liveSchema == null");
    Objects.requireNonNull(sandboxSchema, "sandboxSchema == null");
    Objects.requireNonNull(redisUrl, "redisUrl == null");
    Objects.requireNonNull(sessionNamespace, "sessionNamespace == null");
    Objects.requireNonNull(monolithUrl, "monolithUrl == null");
    Objects.requireNonNull(internalToken, "internalToken == null");
  }

  /** Reads every {@code ORDERS_*} variable; throws {@link dev.strangler.servicekit.config.InvalidConfigException} listing all problems. */
  public static OrdersSettings fromEnvironment(Map<String, String> env) {
    EnvReader reader = new EnvReader(env);
    ServiceOptions service = ServiceOptions.read(reader, "ORDERS", DEFAULT_SERVICE_NAME, DEFAULT_PORT);
    String database = reader.string("ORDERS_DATABASE_URL", null);
    reader.require(database != null, "ORDERS_DATABASE_URL is required (postgresql://user:password@host:port/database)");
    if (database != null) {
      reader.require(validDatabaseUrl(database), "ORDERS_DATABASE_URL must be a postgresql:// URL with a host and a database (got '"
          + redact(database) + "')");
    }
    String live = reader.string("ORDERS_DB_SCHEMA", DEFAULT_LIVE_SCHEMA);
    String sandbox = reader.string("ORDERS_SANDBOX_SCHEMA", DEFAULT_SANDBOX_SCHEMA);
    reader.require(live.matches(IDENTIFIER), "ORDERS_DB_SCHEMA must be a plain lower-case SQL name (got '" + live + "')");
    reader.require(sandbox.matches(IDENTIFIER), "ORDERS_SANDBOX_SCHEMA must be a plain lower-case SQL name (got '" + sandbox + "')");
    reader.require(!live.equals(sandbox), "ORDERS_SANDBOX_SCHEMA must differ from ORDERS_DB_SCHEMA (both '" + live + "')");
    int pool = reader.integer("ORDERS_DB_POOL_SIZE", DEFAULT_DB_POOL_SIZE, 1, 100);
    String redis = reader.redisUrl("ORDERS_REDIS_URL", DEFAULT_REDIS_URL);
    String namespace = reader.string("ORDERS_SESSION_NAMESPACE", DEFAULT_SESSION_NAMESPACE);
    String monolith = reader.httpUrl("ORDERS_MONOLITH_URL", null);
    reader.require(monolith != null, "ORDERS_MONOLITH_URL is required (the monolith's base URL, for stock reservations)");
    String token = reader.string("ORDERS_INTERNAL_TOKEN", null);
    reader.require(token != null && token.length() >= MIN_TOKEN_LENGTH,
        "ORDERS_INTERNAL_TOKEN is required, at least " + MIN_TOKEN_LENGTH + " characters (the monolith's ACME_INTERNAL_TOKEN)");
    Duration reservation = reader.millis("ORDERS_RESERVATION_TIMEOUT_MS", DEFAULT_RESERVATION_TIMEOUT, Duration.ofMinutes(1));
    reader.require(!reservation.isZero(), "ORDERS_RESERVATION_TIMEOUT_MS must be above 0");
    Duration ttl = Duration.ofMinutes(reader.integer("ORDERS_IDEMPOTENCY_TTL_MINUTES", (int) DEFAULT_IDEMPOTENCY_TTL.toMinutes(),
        1, 60 * 24 * 30));
    Duration claim = reader.millis("ORDERS_IDEMPOTENCY_CLAIM_TIMEOUT_MS", DEFAULT_CLAIM_TIMEOUT, Duration.ofHours(1));
    reader.require(claim.compareTo(reservation) > 0, "ORDERS_IDEMPOTENCY_CLAIM_TIMEOUT_MS must be longer than "
        + "ORDERS_RESERVATION_TIMEOUT_MS (a running checkout must not lose its key)");
    Duration sweep = reader.millis("ORDERS_IDEMPOTENCY_SWEEP_MS", DEFAULT_SWEEP_INTERVAL, Duration.ofHours(1));
    reader.require(!sweep.isZero(), "ORDERS_IDEMPOTENCY_SWEEP_MS must be above 0");
    String eventsRedis = reader.redisUrl("ORDERS_EVENTS_REDIS_URL", null);
    // Read even when events are off, so a mistyped setting is reported rather than ignored.
    EventConsumerOptions events = EventConsumerOptions.read(reader, "ORDERS", service.name(), STREAMS, eventsRedis);
    BackfillOptions backfill = BackfillOptions.read(reader);
    reader.validate();
    return new OrdersSettings(service, database, live, sandbox, pool, redis, namespace, monolith, token, reservation, ttl, claim,
        sweep, eventsRedis, eventsRedis == null ? null : events, backfill);
  }

  private static boolean validDatabaseUrl(String url) {
    try {
      PgConnectOptions options = PgConnectOptions.fromUri(url);
      return url.startsWith("postgresql://") && options.getHost() != null && options.getDatabase() != null;
    } catch (RuntimeException e) {
      return false;
    }
  }

  public OrdersSettings withService(ServiceOptions newService) {
    return new OrdersSettings(newService, databaseUrl, liveSchema, sandboxSchema, dbPoolSize, redisUrl, sessionNamespace,
        monolithUrl, internalToken, reservationTimeout, idempotencyTtl, idempotencyClaimTimeout, idempotencySweep, eventsRedisUrl,
        events, backfill);
  }

  /** The same settings backfilling from {@code options} (the {@code backfill} command's {@code --from}). */
  public OrdersSettings withBackfill(BackfillOptions options) {
    return new OrdersSettings(service, databaseUrl, liveSchema, sandboxSchema, dbPoolSize, redisUrl, sessionNamespace,
        monolithUrl, internalToken, reservationTimeout, idempotencyTtl, idempotencyClaimTimeout, idempotencySweep, eventsRedisUrl,
        events, options);
  }

  /** The monolith relay's product stream ({@code <prefix>events:product}); null without events. */
  public String productStream() {
    return events == null ? null : events.streams().get(STREAMS.indexOf("events:product"));
  }

  /** The consumer group whose applied-events guard a backfill versions its products in (the events' group, else the service's name). */
  public String guardGroup() {
    return events == null ? service.name() : events.group();
  }

  /** The database URL for logs: no password. */
  public String redactedDatabaseUrl() {
    return redact(databaseUrl);
  }

  static String redact(String url) {
    return url.replaceAll("//[^@/]*@", "//***@");
  }

  /** Everything but the secrets. */
  @Override
  public String toString() {
    return "OrdersSettings[service=" + service + ", database=" + redactedDatabaseUrl() + ", schemas=" + liveSchema + "/"
        + sandboxSchema + ", redis=" + redact(redisUrl) + ", sessionNamespace=" + sessionNamespace + ", monolith=" + monolithUrl
        + ", internalToken=***, events=" + (events == null ? "off" : events.streams()) + ", backfill="
        + (backfill == null ? "off" : backfill.from()) + "]";
  }
}
