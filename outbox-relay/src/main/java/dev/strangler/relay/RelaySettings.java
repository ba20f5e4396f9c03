package dev.strangler.relay;

import dev.strangler.redis.HashTag;
import dev.strangler.redis.InvalidRedisUrlException;
import dev.strangler.redis.RedisDeployment;
import dev.strangler.relay.outbox.OutboxTable;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The relay process's whole configuration, read from {@code RELAY_*} environment variables and
 * validated in one place ({@link #fromEnvironment}), every problem reported at once. No other class
 * reads the environment.
 *
 * @param relay what the relay does (see {@link RelayOptions} for each default)
 * @param jdbcUrl the outbox's database ({@code RELAY_DATABASE_URL}: {@code jdbc:…} or {@code postgresql://user:pw@host/db}); required
 * @param databaseUser {@code RELAY_DATABASE_USER}, else the URL's user; may be null
 * @param databasePassword {@code RELAY_DATABASE_PASSWORD}, else the URL's password; may be null
 * @param databasePoolSize JDBC connections ({@code RELAY_DATABASE_POOL_SIZE}), one of them listening; default {@value #DEFAULT_POOL_SIZE}
 * @param redisUrl {@code RELAY_REDIS_URL}; default {@value #DEFAULT_REDIS_URL}
 * @param httpHost metrics and health listen address ({@code RELAY_HTTP_HOST}); default {@value #DEFAULT_HTTP_HOST}
 * @param httpPort {@code RELAY_HTTP_PORT}; default {@value #DEFAULT_HTTP_PORT}
 * @param stopTimeout how long SIGTERM waits for the batch in flight ({@code RELAY_STOP_TIMEOUT}); default 30 s
 */
public record RelaySettings(RelayOptions relay, String jdbcUrl, String databaseUser, String databasePassword,
    int databasePoolSize, String redisUrl, String httpHost, int httpPort, Duration stopTimeout) {

  public static final int DEFAULT_POOL_SIZE = 3;
  public static final String DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";
  public static final String DEFAULT_HTTP_HOST = "127.0.0.1";
  public static final int DEFAULT_HTTP_PORT = 8095;

  public RelaySettings {
    Objects.requireNonNull(relay, "relay == null");
    Objects.requireNonNull(jdbcUrl, "jdbcUrl == null");
    Objects.requireNonNull(redisUrl, "redisUrl == null");
  }

  /** Reads every {@code RELAY_*} variable; throws {@link InvalidRelayConfigException} listing all problems. */
  public static RelaySettings fromEnvironment(Map<String, String> environment) {
    Env env = new Env(environment);
    RelayOptions d = RelayOptions.defaults();
    OutboxTable t = OutboxTable.DEFAULT;
    OutboxTable table = new OutboxTable(env.string("RELAY_TABLE", t.table()),
        env.string("RELAY_COLUMN_SEQUENCE", t.sequence()), env.string("RELAY_COLUMN_EVENT_ID", t.eventId()),
        env.string("RELAY_COLUMN_AGGREGATE_TYPE", t.aggregateType()), env.string("RELAY_COLUMN_AGGREGATE_ID", t.aggregateId()),
        env.string("RELAY_COLUMN_EVENT_TYPE", t.eventType()), env.string("RELAY_COLUMN_PAYLOAD", t.payload()),
        env.string("RELAY_COLUMN_OCCURRED_AT", t.occurredAt()), env.string("RELAY_COLUMN_PUBLISHED_AT", t.publishedAt()),
        env.string("RELAY_COLUMN_CORRELATION_ID", t.correlationId()));
    String channel = env.string("RELAY_NOTIFY_CHANNEL", d.notifyChannel());
    RelayOptions relay = new RelayOptions(env.string("RELAY_KEY_PREFIX", d.keyPrefix()), env.string("RELAY_NAME", d.relayName()),
        env.string("RELAY_INSTANCE_ID", d.instanceId()), table,
        (int) env.number("RELAY_BATCH_SIZE", d.batchSize(), Integer.MIN_VALUE, Integer.MAX_VALUE),
        env.duration("RELAY_POLL_INTERVAL", d.pollInterval()), "none".equalsIgnoreCase(channel) ? null : channel,
        env.duration("RELAY_GAP_GRACE", d.gapGrace()), env.duration("RELAY_GAP_MAX_WAIT", d.gapMaxWait()),
        env.duration("RELAY_LEASE_TTL", d.leaseTtl()), env.duration("RELAY_LEASE_RENEW_INTERVAL", d.leaseRenewInterval()),
        env.number("RELAY_STREAM_CAP", d.streamCap(), Long.MIN_VALUE, Long.MAX_VALUE), env.duration("RELAY_TRIM_INTERVAL", d.trimInterval()),
        (int) env.number("RELAY_REPLICA_ACKS", d.replicaAcks(), Integer.MIN_VALUE, Integer.MAX_VALUE),
        env.duration("RELAY_REPLICA_ACK_TIMEOUT", d.replicaAckTimeout()));
    relay.problems().forEach(p -> env.problems.add(namedForEnvironment(p)));

    String database = env.string("RELAY_DATABASE_URL", null);
    env.require(database != null, "RELAY_DATABASE_URL is required (jdbc:… or postgresql://user@host:port/database)");
    DatabaseUrl db = database == null ? null : DatabaseUrl.parse(database, env);
    String redisUrl = env.string("RELAY_REDIS_URL", DEFAULT_REDIS_URL);
    try {
      RedisDeployment.parse(redisUrl);
    } catch (InvalidRedisUrlException e) {
      env.problems.add("RELAY_REDIS_URL: " + e.getMessage() + " (got '" + RedisDeployment.redact(redisUrl) + "')");
    }
    // The append and trim scripts touch the lease, the position and the streams together: one slot on a Cluster.
    HashTag.clusterProblem(redisUrl, "RELAY_KEY_PREFIX", relay.keyPrefix(), "{strangler}:").ifPresent(env.problems::add);
    int pool = (int) env.number("RELAY_DATABASE_POOL_SIZE", DEFAULT_POOL_SIZE, 2, 50);
    String httpHost = env.string("RELAY_HTTP_HOST", DEFAULT_HTTP_HOST);
    int httpPort = (int) env.number("RELAY_HTTP_PORT", DEFAULT_HTTP_PORT, 0, 65_535);
    Duration stop = env.duration("RELAY_STOP_TIMEOUT", OutboxRelay.DEFAULT_STOP_TIMEOUT);
    if (!env.problems.isEmpty()) {
      throw new InvalidRelayConfigException(env.problems);
    }
    return new RelaySettings(relay, db.jdbcUrl(), env.string("RELAY_DATABASE_USER", db.user()),
        env.string("RELAY_DATABASE_PASSWORD", db.password()), pool, redisUrl, httpHost, httpPort, stop);
  }

  /** The environment variable of each option, for problems that name an option. */
  private static final Map<String, String> VARIABLES = Map.ofEntries(Map.entry("keyPrefix", "RELAY_KEY_PREFIX"),
      Map.entry("relayName", "RELAY_NAME"), Map.entry("instanceId", "RELAY_INSTANCE_ID"), Map.entry("table", "RELAY_TABLE"),
      Map.entry("sequence", "RELAY_COLUMN_SEQUENCE"), Map.entry("eventId", "RELAY_COLUMN_EVENT_ID"),
      Map.entry("aggregateType", "RELAY_COLUMN_AGGREGATE_TYPE"), Map.entry("aggregateId", "RELAY_COLUMN_AGGREGATE_ID"),
      Map.entry("eventType", "RELAY_COLUMN_EVENT_TYPE"), Map.entry("payload", "RELAY_COLUMN_PAYLOAD"),
      Map.entry("occurredAt", "RELAY_COLUMN_OCCURRED_AT"), Map.entry("publishedAt", "RELAY_COLUMN_PUBLISHED_AT"),
      Map.entry("correlationId", "RELAY_COLUMN_CORRELATION_ID"),
      Map.entry("batchSize", "RELAY_BATCH_SIZE"), Map.entry("pollInterval", "RELAY_POLL_INTERVAL"),
      Map.entry("notifyChannel", "RELAY_NOTIFY_CHANNEL"), Map.entry("gapGrace", "RELAY_GAP_GRACE"),
      Map.entry("gapMaxWait", "RELAY_GAP_MAX_WAIT"), Map.entry("leaseTtl", "RELAY_LEASE_TTL"),
      Map.entry("leaseRenewInterval", "RELAY_LEASE_RENEW_INTERVAL"), Map.entry("streamCap", "RELAY_STREAM_CAP"),
      Map.entry("trimInterval", "RELAY_TRIM_INTERVAL"), Map.entry("replicaAcks", "RELAY_REPLICA_ACKS"),
      Map.entry("replicaAckTimeout", "RELAY_REPLICA_ACK_TIMEOUT"));

  private static String namedForEnvironment(String problem) {
    int space = problem.indexOf(' ');
    String option = space < 0 ? problem : problem.substring(0, space);
    String variable = VARIABLES.get(option);
    return variable == null ? problem : variable + problem.substring(option.length());
  }

  /** A JDBC URL and the credentials a {@code postgresql://user:password@host/db} URL carries. */
  record DatabaseUrl(String jdbcUrl, String user, String password) {
    static DatabaseUrl parse(String url, Env env) {
      if (url.startsWith("jdbc:")) {
        return new DatabaseUrl(url, null, null);
      }
      try {
        URI uri = URI.create(url);
        if (!List.of("postgres", "postgresql").contains(uri.getScheme()) || uri.getHost() == null) {
          env.require(false, "RELAY_DATABASE_URL must be jdbc:… or postgresql://host[:port]/database (got '" + redact(url) + "')");
          return new DatabaseUrl(url, null, null);
        }
        String user = null;
        String password = null;
        if (uri.getUserInfo() != null) {
          String[] parts = uri.getUserInfo().split(":", 2);
          user = parts[0];
          password = parts.length > 1 ? parts[1] : null;
        }
        String jdbc = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + uri.getRawPath()
            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new DatabaseUrl(jdbc, user, password);
      } catch (IllegalArgumentException e) {
        env.require(false, "RELAY_DATABASE_URL is not a URL (got '" + redact(url) + "')");
        return new DatabaseUrl(url, null, null);
      }
    }

    /** Never repeat a password that may sit in a URL's user-info. */
    static String redact(String url) {
      return url.replaceAll("//[^@/]*@", "//***@");
    }
  }
}
