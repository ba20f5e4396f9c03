package dev.strangler.proxy;

import dev.strangler.proxy.admin.AdminOptions;
import dev.strangler.proxy.cache.CacheOptions;
import dev.strangler.proxy.capture.CaptureOptions;
import dev.strangler.proxy.edge.CertificateWatch;
import dev.strangler.proxy.edge.ListenerTls;
import dev.strangler.proxy.idempotency.IdempotencyOptions;
import dev.strangler.proxy.overload.OverloadOptions;
import dev.strangler.proxy.ratelimit.RateLimitOptions;
import dev.strangler.proxy.session.IdentityKey;
import dev.strangler.proxy.session.SessionOptions;
import dev.strangler.proxy.shadow.ShadowResultsOptions;
import dev.strangler.proxy.table.RouteStoreKeys;
import dev.strangler.compare.CompareRulesReader;
import dev.strangler.compare.InvalidCompareRulesException;
import dev.strangler.proxy.shadow.ShadowOptions;
import dev.strangler.redis.HashTag;
import dev.strangler.redis.InvalidRedisUrlException;
import dev.strangler.redis.RedisDeployment;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads and validates the proxy's whole configuration from the environment, in one place,
 * reporting every problem at once. No other class reads the environment.
 */
public final class ProxyConfig {

  public static final String ENV_PUBLIC_HOST = "STRANGLER_PUBLIC_HOST";
  public static final String ENV_PUBLIC_PORT = "STRANGLER_PUBLIC_PORT";
  public static final String ENV_LEGACY_URL = "STRANGLER_LEGACY_URL";
  public static final String ENV_CONNECT_TIMEOUT_MS = "STRANGLER_CONNECT_TIMEOUT_MS";
  public static final String ENV_RESPONSE_TIMEOUT_MS = "STRANGLER_RESPONSE_TIMEOUT_MS";
  public static final String ENV_MAX_HEADER_BYTES = "STRANGLER_MAX_HEADER_BYTES";
  public static final String ENV_MAX_REQUEST_LINE_BYTES = "STRANGLER_MAX_REQUEST_LINE_BYTES";
  public static final String ENV_MAX_HEADER_COUNT = "STRANGLER_MAX_HEADER_COUNT";
  public static final String ENV_IDLE_TIMEOUT_MS = "STRANGLER_IDLE_TIMEOUT_MS";
  public static final String ENV_HEADER_READ_TIMEOUT_MS = "STRANGLER_HEADER_READ_TIMEOUT_MS";
  public static final String ENV_PRESERVE_HOST = "STRANGLER_PRESERVE_HOST";
  public static final String ENV_DEBUG_HEADERS = "STRANGLER_DEBUG_HEADERS";
  public static final String ENV_TRUSTED_HOPS = "STRANGLER_TRUSTED_HOPS";
  public static final String ENV_FALLBACK_REPLAY_MAX_BYTES = "STRANGLER_FALLBACK_REPLAY_MAX_BYTES";
  public static final String ENV_HOLD_ANSWER_MAX_BYTES = "STRANGLER_HOLD_ANSWER_MAX_BYTES";
  public static final String ENV_SHUTDOWN_GRACE_MS = "STRANGLER_SHUTDOWN_GRACE_MS";
  public static final String ENV_ACCESS_LOG = "STRANGLER_ACCESS_LOG";
  public static final String ENV_TRANSPORT = "STRANGLER_TRANSPORT";
  public static final String ENV_PUBLIC_TLS_CERT_FILE = "STRANGLER_PUBLIC_TLS_CERT_FILE";
  public static final String ENV_PUBLIC_TLS_KEY_FILE = "STRANGLER_PUBLIC_TLS_KEY_FILE";
  public static final String ENV_ADMIN_TLS_CERT_FILE = "STRANGLER_ADMIN_TLS_CERT_FILE";
  public static final String ENV_ADMIN_TLS_KEY_FILE = "STRANGLER_ADMIN_TLS_KEY_FILE";
  /** PEM CA certificates the admin API checks clients' certificates against: mutual TLS (needs the admin TLS files). */
  public static final String ENV_ADMIN_TLS_CLIENT_CA_FILE = "STRANGLER_ADMIN_TLS_CLIENT_CA_FILE";
  public static final String ENV_TLS_RELOAD_INTERVAL_MS = "STRANGLER_TLS_RELOAD_INTERVAL_MS";
  public static final String ENV_BACKEND_CA_FILE = "STRANGLER_BACKEND_CA_FILE";
  public static final String ENV_ROUTES_FILE = "STRANGLER_ROUTES_FILE";
  public static final String ENV_REDIS_URL = "STRANGLER_REDIS_URL";
  public static final String ENV_REDIS_PREFIX = "STRANGLER_REDIS_PREFIX";
  public static final String ENV_DISCOVERY_REDIS_URL = "STRANGLER_DISCOVERY_REDIS_URL";
  public static final String ENV_ADMIN_HOST = "STRANGLER_ADMIN_HOST";
  public static final String ENV_ADMIN_PORT = "STRANGLER_ADMIN_PORT";
  public static final String ENV_ADMIN_TOKEN = "STRANGLER_ADMIN_TOKEN";
  public static final String ENV_ADMIN_READ_TOKEN = "STRANGLER_ADMIN_READ_TOKEN";
  public static final String ENV_INSTANCE_ID = "STRANGLER_INSTANCE_ID";
  public static final String ENV_EVENT_LOOPS = "STRANGLER_EVENT_LOOPS";
  public static final String ENV_IDENTITY_KEY = "STRANGLER_IDENTITY_KEY";
  public static final String ENV_IDENTITY_TOKEN_SECONDS = "STRANGLER_IDENTITY_TOKEN_SECONDS";
  /** Every session setting starts with this; none has an effect without {@link #ENV_IDENTITY_KEY}. */
  public static final String ENV_SESSION_PREFIX = "STRANGLER_SESSION_";
  public static final String ENV_SESSION_REDIS_URL = "STRANGLER_SESSION_REDIS_URL";
  public static final String ENV_SESSION_COOKIE = "STRANGLER_SESSION_COOKIE";
  public static final String ENV_SESSION_COOKIE_BASE64 = "STRANGLER_SESSION_COOKIE_BASE64";
  public static final String ENV_SESSION_NAMESPACE = "STRANGLER_SESSION_NAMESPACE";
  public static final String ENV_SESSION_CUSTOMER_ID_ATTRIBUTE = "STRANGLER_SESSION_CUSTOMER_ID_ATTRIBUTE";
  public static final String ENV_SESSION_EMAIL_ATTRIBUTE = "STRANGLER_SESSION_EMAIL_ATTRIBUTE";
  public static final String ENV_SESSION_TOUCH_INTERVAL_SECONDS = "STRANGLER_SESSION_TOUCH_INTERVAL_SECONDS";
  public static final String ENV_SESSION_TIMEOUT_MS = "STRANGLER_SESSION_TIMEOUT_MS";
  public static final String ENV_CACHE_REDIS_URL = "STRANGLER_CACHE_REDIS_URL";
  public static final String ENV_CACHE_TIMEOUT_MS = "STRANGLER_CACHE_TIMEOUT_MS";
  public static final String ENV_CACHE_MAX_BODY_BYTES = "STRANGLER_CACHE_MAX_BODY_BYTES";
  public static final String ENV_EVENTS_REDIS_URL = "STRANGLER_EVENTS_REDIS_URL";
  public static final String ENV_EVENTS_PREFIX = "STRANGLER_EVENTS_PREFIX";
  public static final String ENV_RATE_LIMIT_REDIS_URL = "STRANGLER_RATE_LIMIT_REDIS_URL";
  public static final String ENV_RATE_LIMIT_TIMEOUT_MS = "STRANGLER_RATE_LIMIT_TIMEOUT_MS";
  public static final String ENV_IDEMPOTENCY_REDIS_URL = "STRANGLER_IDEMPOTENCY_REDIS_URL";
  public static final String ENV_IDEMPOTENCY_TIMEOUT_MS = "STRANGLER_IDEMPOTENCY_TIMEOUT_MS";
  public static final String ENV_IDEMPOTENCY_LOCK_MS = "STRANGLER_IDEMPOTENCY_LOCK_MS";
  public static final String ENV_IDEMPOTENCY_MAX_RESPONSE_BYTES = "STRANGLER_IDEMPOTENCY_MAX_RESPONSE_BYTES";
  public static final String ENV_CAPTURE_REDIS_URL = "STRANGLER_CAPTURE_REDIS_URL";
  public static final String ENV_CAPTURE_MAX_ENTRIES = "STRANGLER_CAPTURE_MAX_ENTRIES";
  public static final String ENV_CAPTURE_MAX_PENDING = "STRANGLER_CAPTURE_MAX_PENDING";
  public static final String ENV_CAPTURE_TIMEOUT_MS = "STRANGLER_CAPTURE_TIMEOUT_MS";
  public static final String ENV_SHADOW_RESULTS_REDIS_URL = "STRANGLER_SHADOW_RESULTS_REDIS_URL";
  public static final String ENV_SHADOW_RESULTS_STREAM_MAXLEN = "STRANGLER_SHADOW_RESULTS_STREAM_MAXLEN";
  public static final String ENV_SHADOW_RESULTS_FLUSH_MS = "STRANGLER_SHADOW_RESULTS_FLUSH_MS";
  public static final String ENV_SHADOW_RESULTS_BACKLOG = "STRANGLER_SHADOW_RESULTS_BACKLOG";
  public static final String ENV_SHADOW_RESULTS_SAMPLE_BYTES = "STRANGLER_SHADOW_RESULTS_SAMPLE_BYTES";
  public static final String ENV_SHADOW_RESULTS_TIMEOUT_MS = "STRANGLER_SHADOW_RESULTS_TIMEOUT_MS";
  public static final String ENV_SHADOW_RESULTS_MAX_PATHS = "STRANGLER_SHADOW_RESULTS_MAX_PATHS";
  public static final String ENV_SHADOW_POOL_SIZE = "STRANGLER_SHADOW_POOL_SIZE";
  public static final String ENV_SHADOW_CONNECT_TIMEOUT_MS = "STRANGLER_SHADOW_CONNECT_TIMEOUT_MS";
  public static final String ENV_SHADOW_COMPARE_QUEUE = "STRANGLER_SHADOW_COMPARE_QUEUE";
  public static final String ENV_SHADOW_COMPARE_THREADS = "STRANGLER_SHADOW_COMPARE_THREADS";
  public static final String ENV_SHADOW_CANDIDATE_MAX_FAILURES = "STRANGLER_SHADOW_CANDIDATE_MAX_FAILURES";
  public static final String ENV_SHADOW_CANDIDATE_COOL_DOWN_MS = "STRANGLER_SHADOW_CANDIDATE_COOL_DOWN_MS";
  public static final String ENV_COMPARE_RULES = "STRANGLER_COMPARE_RULES";
  public static final String ENV_MAX_IN_FLIGHT = "STRANGLER_MAX_IN_FLIGHT";
  public static final String ENV_BACKEND_MAX_IN_FLIGHT = "STRANGLER_BACKEND_MAX_IN_FLIGHT";
  public static final String ENV_MAX_CONNECTIONS = "STRANGLER_MAX_CONNECTIONS";
  public static final String ENV_BACKEND_QUEUE = "STRANGLER_BACKEND_QUEUE";
  public static final String ENV_SHED_RETRY_AFTER_SECONDS = "STRANGLER_SHED_RETRY_AFTER_SECONDS";
  public static final String ENV_SHED_LAG_MS = "STRANGLER_SHED_LAG_MS";
  public static final String ENV_SHED_LAG_RECOVERY_MS = "STRANGLER_SHED_LAG_RECOVERY_MS";
  public static final String ENV_SHED_LAG_PERCENT = "STRANGLER_SHED_LAG_PERCENT";
  public static final String ENV_SHED_HEAP_PERCENT = "STRANGLER_SHED_HEAP_PERCENT";
  public static final String ENV_SHED_HEAP_RECOVERY_PERCENT = "STRANGLER_SHED_HEAP_RECOVERY_PERCENT";
  public static final String ENV_HOLD_ANSWERS_HEAP_PERCENT = "STRANGLER_HOLD_ANSWERS_HEAP_PERCENT";

  private final Map<String, String> env;
  private final List<String> problems = new ArrayList<>();
  private Duration tlsReloadInterval;

  private ProxyConfig(Map<String, String> env) {
    this.env = env;
  }

  /** Thrown with every problem found, each naming its setting. */
  public static final class InvalidConfigException extends RuntimeException {
    private final List<String> problems;

    InvalidConfigException(List<String> problems) {
      super("invalid proxy configuration: " + String.join("; ", problems));
      this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
      return problems;
    }
  }

  public static ProxySettings fromEnvironment(Map<String, String> env) {
    ProxyConfig config = new ProxyConfig(env);
    ProxySettings settings = config.read();
    if (!config.problems.isEmpty()) {
      throw new InvalidConfigException(config.problems);
    }
    return settings;
  }

  private ProxySettings read() {
    ProxyOptions d = ProxyOptions.defaults();
    ProxyOptions proxy = ProxyOptions.builder()
        .publicHost(env.getOrDefault(ENV_PUBLIC_HOST, d.publicHost()))
        .publicPort(integer(ENV_PUBLIC_PORT, d.publicPort(), 0, 65535))
        .legacy(url(ENV_LEGACY_URL, d.legacy()))
        .connectTimeout(millis(ENV_CONNECT_TIMEOUT_MS, d.connectTimeout(), 600_000))
        .responseTimeout(millis(ENV_RESPONSE_TIMEOUT_MS, d.responseTimeout(), 3_600_000))
        .maxHeaderSize(integer(ENV_MAX_HEADER_BYTES, d.maxHeaderSize(), 1024, 1024 * 1024))
        .maxInitialLineLength(integer(ENV_MAX_REQUEST_LINE_BYTES, d.maxInitialLineLength(), 256, 1024 * 1024))
        .maxHeaderCount(integer(ENV_MAX_HEADER_COUNT, d.maxHeaderCount(), 1, 10_000))
        .idleTimeout(millis(ENV_IDLE_TIMEOUT_MS, d.idleTimeout(), 3_600_000))
        .headerReadTimeout(millis(ENV_HEADER_READ_TIMEOUT_MS, d.headerReadTimeout(), 600_000))
        .preserveHost(bool(ENV_PRESERVE_HOST, d.preserveHost()))
        .debugHeaders(bool(ENV_DEBUG_HEADERS, d.debugHeaders()))
        .trustedHops(integer(ENV_TRUSTED_HOPS, d.trustedHops(), 0, 10))
        .fallbackReplayMaxBytes(integer(ENV_FALLBACK_REPLAY_MAX_BYTES, (int) d.fallbackReplayMaxBytes(), 0, 16 * 1024 * 1024))
        .holdAnswerMaxBytes(integer(ENV_HOLD_ANSWER_MAX_BYTES, (int) d.holdAnswerMaxBytes(), 0, 64 * 1024 * 1024))
        .shutdownGrace(Duration.ofMillis(integer(ENV_SHUTDOWN_GRACE_MS, (int) d.shutdownGrace().toMillis(), 0, 3_600_000)))
        .accessLog(bool(ENV_ACCESS_LOG, d.accessLog()))
        .transport(transport(ENV_TRANSPORT, d.transport()))
        .publicTls(tls(ENV_PUBLIC_TLS_CERT_FILE, ENV_PUBLIC_TLS_KEY_FILE, "the public listener"))
        .backendCa(backendCa())
        .build();
    String file = blankToNull(env.get(ENV_ROUTES_FILE));
    String redis = blankToNull(env.get(ENV_REDIS_URL));
    if (file != null && redis != null) {
      problems.add(ENV_ROUTES_FILE + " and " + ENV_REDIS_URL + " are both set: routes come from one source, choose one");
    }
    redisUrl(ENV_REDIS_URL, redis);
    RouteSourceSettings routes = new RouteSourceSettings(file == null ? null : Path.of(file), redis,
        env.getOrDefault(ENV_REDIS_PREFIX, RouteStoreKeys.DEFAULT_PREFIX));
    String discovery = blankToNull(env.get(ENV_DISCOVERY_REDIS_URL));
    redisUrl(ENV_DISCOVERY_REDIS_URL, discovery);
    return new ProxySettings(proxy, routes, admin(proxy.publicPort()), instanceId(),
        integer(ENV_EVENT_LOOPS, Runtime.getRuntime().availableProcessors(), 1, 256), discovery != null ? discovery : redis,
        sessions(redis), cache(redis, routes.redisPrefix()), rateLimit(redis, routes.redisPrefix()),
        capture(redis, routes.redisPrefix()), shadowResults(redis, routes.redisPrefix()), shadow(),
        idempotency(redis, routes.redisPrefix(), proxy.responseTimeout()), overload());
  }

  /** The caps and shedding thresholds; each recovery must sit below its threshold, or shedding would never stop. */
  private OverloadOptions overload() {
    OverloadOptions d = OverloadOptions.defaults();
    int maxInFlight = integer(ENV_MAX_IN_FLIGHT, d.maxInFlight(), 1, 1_000_000);
    int backendMaxInFlight = integer(ENV_BACKEND_MAX_IN_FLIGHT, d.backendMaxInFlight(), 1, 1_000_000);
    int maxConnections = integer(ENV_MAX_CONNECTIONS, d.maxConnections(), 1, 1_000_000);
    int backendQueue = integer(ENV_BACKEND_QUEUE, d.backendQueue(), 0, 100_000);
    int retryAfter = integer(ENV_SHED_RETRY_AFTER_SECONDS, (int) d.retryAfter().toSeconds(), 1, 3600);
    int lag = integer(ENV_SHED_LAG_MS, (int) d.lagThreshold().toMillis(), 0, 60_000);
    int lagRecovery = integer(ENV_SHED_LAG_RECOVERY_MS, (int) d.lagRecovery().toMillis(), 1, 60_000);
    int lagPercent = integer(ENV_SHED_LAG_PERCENT, d.lagShedPercent(), 1, 100);
    int heap = integer(ENV_SHED_HEAP_PERCENT, d.heapThresholdPercent(), 0, 99);
    int heapRecovery = integer(ENV_SHED_HEAP_RECOVERY_PERCENT, d.heapRecoveryPercent(), 1, 99);
    int heldAnswers = integer(ENV_HOLD_ANSWERS_HEAP_PERCENT, d.heldAnswersHeapPercent(), 0,
        OverloadOptions.MAX_HELD_ANSWERS_HEAP_PERCENT);
    if (lag != 0 && lag < OverloadOptions.MIN_LAG_THRESHOLD_MS) {
      problems.add(ENV_SHED_LAG_MS + " must be 0 (off) or at least " + OverloadOptions.MIN_LAG_THRESHOLD_MS
          + " ms: shorter pauses are ordinary garbage collection (got " + lag + ")");
    }
    if (lag != 0 && lagRecovery >= lag) {
      problems.add(ENV_SHED_LAG_RECOVERY_MS + " (" + lagRecovery + ") must be below " + ENV_SHED_LAG_MS + " (" + lag
          + "): shedding stops under the recovery lag");
    }
    if (heap != 0 && heap < OverloadOptions.MIN_HEAP_THRESHOLD_PERCENT) {
      problems.add(ENV_SHED_HEAP_PERCENT + " must be 0 (off) or at least " + OverloadOptions.MIN_HEAP_THRESHOLD_PERCENT
          + " (got " + heap + ")");
    }
    if (heap != 0 && heapRecovery >= heap) {
      problems.add(ENV_SHED_HEAP_RECOVERY_PERCENT + " (" + heapRecovery + ") must be below " + ENV_SHED_HEAP_PERCENT + " ("
          + heap + "): shedding stops under the recovery share");
    }
    return new OverloadOptions(Math.max(1, maxInFlight), Math.max(1, backendMaxInFlight), Math.max(1, maxConnections),
        Duration.ofSeconds(retryAfter), Duration.ofMillis(Math.max(0, lag)), Duration.ofMillis(lagRecovery), lagPercent, heap,
        heapRecovery, Math.max(0, backendQueue), Math.max(0, Math.min(OverloadOptions.MAX_HELD_ANSWERS_HEAP_PERCENT, heldAnswers)));
  }

  /** Where captured exchanges go; null without a Redis (sampled exchanges are then dropped and counted). */
  private CaptureOptions capture(String routeRedis, String prefix) {
    String own = blankToNull(env.get(ENV_CAPTURE_REDIS_URL));
    redisUrl(ENV_CAPTURE_REDIS_URL, own);
    int maxEntries = integer(ENV_CAPTURE_MAX_ENTRIES, (int) CaptureOptions.DEFAULT_MAX_ENTRIES, 1, 100_000_000);
    int maxPending = integer(ENV_CAPTURE_MAX_PENDING, CaptureOptions.DEFAULT_MAX_PENDING, 1, 1_000_000);
    Duration timeout = millis(ENV_CAPTURE_TIMEOUT_MS, CaptureOptions.DEFAULT_TIMEOUT, 60_000);
    String url = own != null ? own : routeRedis;
    return url == null ? null : new CaptureOptions(url, prefix, maxEntries, maxPending, timeout);
  }

  /** Where shadow results go; null without a Redis (comparisons are then not recorded, only counted in metrics). */
  private ShadowResultsOptions shadowResults(String routeRedis, String prefix) {
    String own = blankToNull(env.get(ENV_SHADOW_RESULTS_REDIS_URL));
    redisUrl(ENV_SHADOW_RESULTS_REDIS_URL, own);
    int maxLen = integer(ENV_SHADOW_RESULTS_STREAM_MAXLEN, ShadowResultsOptions.DEFAULT_STREAM_MAX_LEN, 1, 10_000_000);
    Duration flush = millis(ENV_SHADOW_RESULTS_FLUSH_MS, ShadowResultsOptions.DEFAULT_FLUSH_INTERVAL, 60_000);
    int backlog = integer(ENV_SHADOW_RESULTS_BACKLOG, ShadowResultsOptions.DEFAULT_BACKLOG, 1, 1_000_000);
    int sample = integer(ENV_SHADOW_RESULTS_SAMPLE_BYTES, ShadowResultsOptions.DEFAULT_SAMPLE_BYTES, 0, 1024 * 1024);
    Duration timeout = millis(ENV_SHADOW_RESULTS_TIMEOUT_MS, ShadowResultsOptions.DEFAULT_TIMEOUT, 60_000);
    int maxPaths = integer(ENV_SHADOW_RESULTS_MAX_PATHS, ShadowResultsOptions.DEFAULT_MAX_PATHS, 1, 100_000);
    String url = own != null ? own : routeRedis;
    if (url == null || problems.stream().anyMatch(p -> p.startsWith("STRANGLER_SHADOW_RESULTS_"))) {
      return null;
    }
    return new ShadowResultsOptions(url, prefix, maxLen, flush, backlog, sample, timeout, maxPaths);
  }

  /** The shadow's own client and compare workers, and the compare rules file (every problem in it listed). */
  private ShadowOptions shadow() {
    ShadowOptions d = ShadowOptions.DEFAULTS;
    ShadowOptions options = new ShadowOptions(integer(ENV_SHADOW_POOL_SIZE, d.poolSize(), 1, 1024),
        millis(ENV_SHADOW_CONNECT_TIMEOUT_MS, d.connectTimeout(), 60_000),
        integer(ENV_SHADOW_COMPARE_QUEUE, d.compareQueue(), 1, 100_000),
        integer(ENV_SHADOW_COMPARE_THREADS, d.compareThreads(), 1, 64), d.rules(), d.rulesSource(),
        integer(ENV_SHADOW_CANDIDATE_MAX_FAILURES, d.candidateMaxFailures(), 1, 1000),
        millis(ENV_SHADOW_CANDIDATE_COOL_DOWN_MS, d.candidateCoolDown(), 600_000));
    String file = blankToNull(env.get(ENV_COMPARE_RULES));
    if (file == null) {
      return options;
    }
    try {
      return options.withRules(CompareRulesReader.read(Files.readString(Path.of(file))), file);
    } catch (IOException | java.nio.file.InvalidPathException e) {
      problems.add(ENV_COMPARE_RULES + " can't be read (" + file + "): " + e);
    } catch (InvalidCompareRulesException e) {
      e.problems().forEach(p -> problems.add(ENV_COMPARE_RULES + " (" + file + ") " + p));
    }
    return options;
  }

  /** The response cache's Redis and limits; null without a Redis (cached routes are then always bypassed). */
  private CacheOptions cache(String routeRedis, String prefix) {
    String own = blankToNull(env.get(ENV_CACHE_REDIS_URL));
    String events = blankToNull(env.get(ENV_EVENTS_REDIS_URL));
    redisUrl(ENV_CACHE_REDIS_URL, own);
    redisUrl(ENV_EVENTS_REDIS_URL, events);
    Duration timeout = millis(ENV_CACHE_TIMEOUT_MS, CacheOptions.DEFAULT_TIMEOUT, 60_000);
    int maxBody = integer(ENV_CACHE_MAX_BODY_BYTES, (int) CacheOptions.DEFAULT_MAX_BODY_BYTES, 0, 64 * 1024 * 1024);
    String eventsPrefix = env.getOrDefault(ENV_EVENTS_PREFIX, CacheOptions.DEFAULT_EVENTS_PREFIX).trim();
    String url = own != null ? own : routeRedis;
    if (url != null) {
      // One XREAD reads every stream the routes name: one slot on a Cluster, as the relay's prefix puts them.
      HashTag.clusterProblem(events != null ? events : url, ENV_EVENTS_PREFIX, eventsPrefix, "{strangler}:").ifPresent(problems::add);
    }
    return url == null ? null : new CacheOptions(url, prefix, timeout, maxBody, events, eventsPrefix);
  }

  /** Where rate limits are counted; null without a Redis (limited routes then act as with Redis down). */
  private RateLimitOptions rateLimit(String routeRedis, String prefix) {
    String own = blankToNull(env.get(ENV_RATE_LIMIT_REDIS_URL));
    redisUrl(ENV_RATE_LIMIT_REDIS_URL, own);
    Duration timeout = millis(ENV_RATE_LIMIT_TIMEOUT_MS, RateLimitOptions.DEFAULT_TIMEOUT, 60_000);
    String url = own != null ? own : routeRedis;
    return url == null ? null : new RateLimitOptions(url, prefix, timeout);
  }

  /**
   * Where idempotency keys are kept; null without a Redis ({@code require} routes then answer 503). The lock must outlast
   * the response timeout, or a slow first request's claim could expire while it still runs and a retry run it again.
   */
  private IdempotencyOptions idempotency(String routeRedis, String prefix, Duration responseTimeout) {
    String own = blankToNull(env.get(ENV_IDEMPOTENCY_REDIS_URL));
    redisUrl(ENV_IDEMPOTENCY_REDIS_URL, own);
    Duration timeout = millis(ENV_IDEMPOTENCY_TIMEOUT_MS, IdempotencyOptions.DEFAULT_TIMEOUT, 60_000);
    Duration lock = millis(ENV_IDEMPOTENCY_LOCK_MS, IdempotencyOptions.DEFAULT_LOCK_TTL, 86_400_000);
    if (lock.compareTo(responseTimeout) <= 0) {
      problems.add(ENV_IDEMPOTENCY_LOCK_MS + " must be longer than the response timeout (" + responseTimeout.toMillis()
          + " ms): a claim must outlast the request holding it");
    }
    int maxResponse = integer(ENV_IDEMPOTENCY_MAX_RESPONSE_BYTES, (int) IdempotencyOptions.DEFAULT_MAX_RESPONSE_BYTES, 0,
        64 * 1024 * 1024);
    String url = own != null ? own : routeRedis;
    return url == null ? null : new IdempotencyOptions(url, prefix, timeout, lock, maxResponse);
  }

  /** Session resolution and identity signing: on with an identity key, off (null) without one. The key is never echoed. */
  private SessionOptions sessions(String routeRedis) {
    String secret = env.get(ENV_IDENTITY_KEY);
    String redis = blankToNull(env.get(ENV_SESSION_REDIS_URL));
    redisUrl(ENV_SESSION_REDIS_URL, redis);
    if (secret == null || secret.isBlank()) {
      List<String> stray = env.entrySet().stream()
          .filter(e -> (e.getKey().startsWith(ENV_SESSION_PREFIX) || e.getKey().equals(ENV_IDENTITY_TOKEN_SECONDS))
              && e.getValue() != null && !e.getValue().isBlank())
          .map(Map.Entry::getKey).sorted().toList();
      if (!stray.isEmpty()) {
        problems.add(String.join(", ", stray) + " set but " + ENV_IDENTITY_KEY + " is not: sessions are off without it");
      }
      return null;
    }
    IdentityKey key = null;
    try {
      key = IdentityKey.of(secret);
    } catch (IllegalArgumentException e) {
      problems.add(ENV_IDENTITY_KEY + " must be at least " + IdentityKey.MIN_BYTES + " bytes (got "
          + secret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + "); e.g. openssl rand -base64 48");
    }
    String url = redis != null ? redis : routeRedis;
    if (url == null) {
      problems.add(ENV_IDENTITY_KEY + " is set but sessions have no Redis: set " + ENV_SESSION_REDIS_URL + " or " + ENV_REDIS_URL);
    }
    String namespace = env.getOrDefault(ENV_SESSION_NAMESPACE, SessionOptions.DEFAULT_NAMESPACE).trim();
    if (namespace.isEmpty() || namespace.endsWith(":")) {
      problems.add(ENV_SESSION_NAMESPACE + " must be Spring Session's namespace without the trailing ':' (got '" + namespace + "')");
    }
    String cookie = env.getOrDefault(ENV_SESSION_COOKIE, SessionOptions.DEFAULT_COOKIE_NAME).trim();
    if (!cookie.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
      problems.add(ENV_SESSION_COOKIE + " must be a cookie name (got '" + cookie + "')");
    }
    boolean base64 = bool(ENV_SESSION_COOKIE_BASE64, SessionOptions.DEFAULT_COOKIE_BASE64);
    String customerId = attribute(ENV_SESSION_CUSTOMER_ID_ATTRIBUTE, SessionOptions.DEFAULT_CUSTOMER_ID_ATTRIBUTE);
    String email = attribute(ENV_SESSION_EMAIL_ATTRIBUTE, SessionOptions.DEFAULT_EMAIL_ATTRIBUTE);
    int touch = integer(ENV_SESSION_TOUCH_INTERVAL_SECONDS, (int) SessionOptions.DEFAULT_TOUCH_INTERVAL.toSeconds(), 1, 86_400);
    Duration timeout = millis(ENV_SESSION_TIMEOUT_MS, SessionOptions.DEFAULT_LOOKUP_TIMEOUT, 60_000);
    int tokenSeconds = integer(ENV_IDENTITY_TOKEN_SECONDS, (int) SessionOptions.DEFAULT_TOKEN_LIFETIME.toSeconds(), 1, 3600);
    if (key == null || url == null) {
      return null; // the problems are listed; start-up stops
    }
    return new SessionOptions(url, cookie, base64, namespace, customerId, email, Duration.ofSeconds(touch), timeout, key,
        Duration.ofSeconds(tokenSeconds));
  }

  private String attribute(String name, String fallback) {
    String value = env.getOrDefault(name, fallback).trim();
    if (value.isEmpty()) {
      problems.add(name + " must not be empty");
    }
    return value;
  }

  private void redisUrl(String name, String value) {
    if (value != null) {
      try {
        RedisDeployment.parse(value);
      } catch (InvalidRedisUrlException e) {
        problems.add(name + ": " + e.getMessage());
      }
    }
  }

  private AdminOptions admin(int publicPort) {
    String token = blankToNull(env.get(ENV_ADMIN_TOKEN));
    String readToken = blankToNull(env.get(ENV_ADMIN_READ_TOKEN));
    int port = integer(ENV_ADMIN_PORT, AdminOptions.DEFAULT_PORT, 0, 65535);
    ListenerTls tls = tls(ENV_ADMIN_TLS_CERT_FILE, ENV_ADMIN_TLS_KEY_FILE, "the admin API");
    String clientCa = blankToNull(env.get(ENV_ADMIN_TLS_CLIENT_CA_FILE));
    if (clientCa != null) {
      Path ca = Path.of(clientCa.strip());
      if (tls == null && blankToNull(env.get(ENV_ADMIN_TLS_CERT_FILE)) == null) {
        problems.add(ENV_ADMIN_TLS_CLIENT_CA_FILE + " needs " + ENV_ADMIN_TLS_CERT_FILE + " and " + ENV_ADMIN_TLS_KEY_FILE
            + ": client certificates are asked for in a TLS handshake");
      } else if (readableFile(ENV_ADMIN_TLS_CLIENT_CA_FILE, ca) && tls != null) {
        tls = tls.withClientCa(ca);
      }
    }
    if (token == null) {
      if (readToken != null) {
        problems.add(ENV_ADMIN_READ_TOKEN + " is set but " + ENV_ADMIN_TOKEN + " is not: the admin API needs its writer token");
      }
      if (tls != null) {
        problems.add(ENV_ADMIN_TLS_CERT_FILE + " is set but " + ENV_ADMIN_TOKEN + " is not: the admin API is off without it");
      }
      return null;
    }
    if (token.length() < AdminOptions.MIN_TOKEN_LENGTH) {
      problems.add(ENV_ADMIN_TOKEN + " must be at least " + AdminOptions.MIN_TOKEN_LENGTH + " characters");
    }
    if (readToken != null && readToken.length() < AdminOptions.MIN_TOKEN_LENGTH) {
      problems.add(ENV_ADMIN_READ_TOKEN + " must be at least " + AdminOptions.MIN_TOKEN_LENGTH + " characters");
    }
    if (token.equals(readToken)) {
      problems.add(ENV_ADMIN_READ_TOKEN + " must differ from " + ENV_ADMIN_TOKEN);
    }
    if (port != 0 && port == publicPort) {
      problems.add(ENV_ADMIN_PORT + " must differ from " + ENV_PUBLIC_PORT + ": admin traffic listens apart from public traffic");
    }
    return new AdminOptions(env.getOrDefault(ENV_ADMIN_HOST, AdminOptions.DEFAULT_HOST), port, token, readToken, tls);
  }

  private String instanceId() {
    String id = blankToNull(env.get(ENV_INSTANCE_ID));
    if (id != null) {
      return id;
    }
    String host = env.getOrDefault("HOSTNAME", "proxy");
    return host + "-" + ProcessHandle.current().pid();
  }

  private int integer(String name, int fallback, int min, int max) {
    String raw = env.get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw.trim());
      if (value < min || value > max) {
        problems.add(name + " must be between " + min + " and " + max + " (got " + value + ")");
      }
      return value;
    } catch (NumberFormatException e) {
      problems.add(name + " must be a whole number (got '" + raw + "')");
      return fallback;
    }
  }

  private Duration millis(String name, Duration fallback, int max) {
    return Duration.ofMillis(integer(name, (int) fallback.toMillis(), 1, max));
  }

  private boolean bool(String name, boolean fallback) {
    String raw = env.get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    return switch (raw.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> {
        problems.add(name + " must be true or false (got '" + raw + "')");
        yield fallback;
      }
    };
  }

  private EventLoopTransport transport(String name, EventLoopTransport fallback) {
    String raw = env.get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    return EventLoopTransport.parse(raw).orElseGet(() -> {
      problems.add(name + " must be one of " + EventLoopTransport.choices() + " (got '" + raw + "')");
      return fallback;
    });
  }

  private URI url(String name, URI fallback) {
    String raw = env.get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      URI uri = URI.create(raw.trim());
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        problems.add(name + " must be an http:// or https:// URL (got '" + raw + "')");
      } else if (uri.getHost() == null) {
        problems.add(name + " has no host (got '" + raw + "')");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      problems.add(name + " is not a URL: " + e.getMessage());
      return fallback;
    }
  }

  /** Both PEM files or neither, each a readable file; whether they make a key pair is checked at start. */
  private ListenerTls tls(String certSetting, String keySetting, String listener) {
    String cert = blankToNull(env.get(certSetting));
    String key = blankToNull(env.get(keySetting));
    if (cert == null && key == null) {
      return null;
    }
    if (cert == null || key == null) {
      problems.add(certSetting + " and " + keySetting + " go together: set both (TLS on " + listener + ") or neither");
      return null;
    }
    Path certFile = Path.of(cert.strip());
    Path keyFile = Path.of(key.strip());
    boolean readable = readableFile(certSetting, certFile) & readableFile(keySetting, keyFile);
    return readable ? new ListenerTls(certFile, keyFile, tlsReloadInterval()) : null;
  }

  /** Read once for both listeners, so a bad value is one problem. */
  private Duration tlsReloadInterval() {
    if (tlsReloadInterval == null) {
      tlsReloadInterval = Duration.ofMillis(integer(ENV_TLS_RELOAD_INTERVAL_MS, (int) CertificateWatch.DEFAULT_INTERVAL.toMillis(),
          0, 86_400_000));
      if (!tlsReloadInterval.isZero() && tlsReloadInterval.toMillis() < 100) {
        problems.add(ENV_TLS_RELOAD_INTERVAL_MS + " must be 0 (never) or at least 100 (got " + tlsReloadInterval.toMillis() + ")");
      }
    }
    return tlsReloadInterval;
  }

  /** The CA file https backends are checked against; whether it holds certificates is checked at start. */
  private Path backendCa() {
    String file = blankToNull(env.get(ENV_BACKEND_CA_FILE));
    if (file == null) {
      return null;
    }
    Path ca = Path.of(file.strip());
    return readableFile(ENV_BACKEND_CA_FILE, ca) ? ca : null;
  }

  private boolean readableFile(String setting, Path file) {
    if (Files.isRegularFile(file) && Files.isReadable(file)) {
      return true;
    }
    problems.add(setting + " must name a readable PEM file (got '" + file + "')");
    return false;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
