package dev.strangler.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import dev.strangler.proxy.cache.CacheOptions;
import dev.strangler.proxy.capture.CaptureOptions;
import dev.strangler.proxy.ratelimit.RateLimitOptions;
import dev.strangler.proxy.session.IdentityKey;
import dev.strangler.proxy.session.SessionOptions;
import dev.strangler.proxy.shadow.ShadowResultsOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxyConfigTest {

  private static final String BAD_SCHEME = "Redis URL must start with redis://, rediss://, redis-sentinel://, "
      + "rediss-sentinel://, redis-cluster:// or rediss-cluster://";

  private static final String TOKEN = "0123456789abcdef-writer";
  private static final String IDENTITY_KEY = "identity-key-of-the-config-tests-0123456789";

  @Test
  void anEmptyEnvironmentGivesTheDocumentedDefaultsWithTheAdminApiOff() {
    ProxySettings settings = ProxyConfig.fromEnvironment(Map.of());

    assertThat(settings.proxy()).isEqualTo(ProxyOptions.defaults());
    assertThat(settings.routes()).isEqualTo(new RouteSourceSettings(null, null, "strangler:"));
    assertThat(settings.admin()).isNull();
    assertThat(settings.eventLoops()).isEqualTo(Runtime.getRuntime().availableProcessors());
  }

  @Test
  void readsEverySetting() {
    ProxySettings settings = ProxyConfig.fromEnvironment(Map.ofEntries(
        Map.entry("STRANGLER_PUBLIC_HOST", "127.0.0.1"), Map.entry("STRANGLER_PUBLIC_PORT", "9000"),
        Map.entry("STRANGLER_LEGACY_URL", "http://legacy:8081"), Map.entry("STRANGLER_CONNECT_TIMEOUT_MS", "500"),
        Map.entry("STRANGLER_RESPONSE_TIMEOUT_MS", "1500"), Map.entry("STRANGLER_DEBUG_HEADERS", "true"),
        Map.entry("STRANGLER_PRESERVE_HOST", "false"), Map.entry("STRANGLER_TRUSTED_HOPS", "1"),
        Map.entry("STRANGLER_MAX_HEADER_COUNT", "50"), Map.entry("STRANGLER_HEADER_READ_TIMEOUT_MS", "3000"),
        Map.entry("STRANGLER_SHUTDOWN_GRACE_MS", "5000"), Map.entry("STRANGLER_ACCESS_LOG", "off"),
        Map.entry("STRANGLER_ROUTES_FILE", "/etc/strangler/routes.yaml"),
        Map.entry("STRANGLER_ADMIN_PORT", "9090"), Map.entry("STRANGLER_ADMIN_TOKEN", TOKEN),
        Map.entry("STRANGLER_INSTANCE_ID", "proxy-a"), Map.entry("STRANGLER_EVENT_LOOPS", "2"),
        Map.entry("STRANGLER_TRANSPORT", "io_uring")));

    assertThat(settings.proxy()).isEqualTo(ProxyOptions.builder().publicHost("127.0.0.1").publicPort(9000)
        .legacy(URI.create("http://legacy:8081")).connectTimeout(Duration.ofMillis(500)).responseTimeout(Duration.ofMillis(1500))
        .debugHeaders(true).preserveHost(false).trustedHops(1).maxHeaderCount(50).headerReadTimeout(Duration.ofSeconds(3))
        .shutdownGrace(Duration.ofSeconds(5)).accessLog(false).transport(EventLoopTransport.IO_URING).build());
    assertThat(settings.routes().file()).isEqualTo(Path.of("/etc/strangler/routes.yaml"));
    assertThat(settings.admin().port()).isEqualTo(9090);
    assertThat(settings.admin().host()).isEqualTo("127.0.0.1");
    assertThat(settings.instanceId()).isEqualTo("proxy-a");
    assertThat(settings.eventLoops()).isEqualTo(2);
  }

  @Test
  void theShutdownGraceMayBeZeroAndABadOneIsNamed() {
    assertThat(ProxyOptions.defaults().shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
    assertThat(ProxyConfig.fromEnvironment(Map.of("STRANGLER_SHUTDOWN_GRACE_MS", "0")).proxy().shutdownGrace()).isZero();
    ProxyConfig.InvalidConfigException e = catchThrowableOfType(ProxyConfig.InvalidConfigException.class,
        () -> ProxyConfig.fromEnvironment(Map.of("STRANGLER_SHUTDOWN_GRACE_MS", "soon")));

    assertThat(e.problems()).singleElement().asString().startsWith("STRANGLER_SHUTDOWN_GRACE_MS ");
  }

  @Test
  void tlsOnThePublicListenerTakesBothReadablePemFilesOrNeither(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws java.io.IOException {
    java.nio.file.Path cert = java.nio.file.Files.writeString(dir.resolve("proxy.pem"), "-----BEGIN CERTIFICATE-----");
    java.nio.file.Path key = java.nio.file.Files.writeString(dir.resolve("proxy.key"), "-----BEGIN PRIVATE KEY-----");
    assertThat(ProxyOptions.defaults().publicTls()).isNull();
    assertThat(ProxyConfig.fromEnvironment(Map.of("STRANGLER_PUBLIC_TLS_CERT_FILE", cert.toString(),
        "STRANGLER_PUBLIC_TLS_KEY_FILE", key.toString())).proxy().publicTls())
        .isEqualTo(new dev.strangler.proxy.edge.ListenerTls(cert, key));

    ProxyConfig.InvalidConfigException alone = catchThrowableOfType(ProxyConfig.InvalidConfigException.class,
        () -> ProxyConfig.fromEnvironment(Map.of("STRANGLER_PUBLIC_TLS_CERT_FILE", cert.toString())));
    ProxyConfig.InvalidConfigException missing = catchThrowableOfType(ProxyConfig.InvalidConfigException.class,
        () -> ProxyConfig.fromEnvironment(Map.of("STRANGLER_PUBLIC_TLS_CERT_FILE", dir.resolve("nope.pem").toString(),
            "STRANGLER_PUBLIC_TLS_KEY_FILE", dir.toString())));

    assertThat(alone.problems()).containsExactly("STRANGLER_PUBLIC_TLS_CERT_FILE and STRANGLER_PUBLIC_TLS_KEY_FILE go together:"
        + " set both (TLS on the public listener) or neither");
    assertThat(missing.problems()).containsExactly(
        "STRANGLER_PUBLIC_TLS_CERT_FILE must name a readable PEM file (got '" + dir.resolve("nope.pem") + "')",
        "STRANGLER_PUBLIC_TLS_KEY_FILE must name a readable PEM file (got '" + dir + "')");
  }

  @Test
  void renewedCertificatesAreLookedForEveryTenSecondsUnlessSaidOtherwise(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws java.io.IOException {
    java.nio.file.Path cert = java.nio.file.Files.writeString(dir.resolve("proxy.pem"), "-----BEGIN CERTIFICATE-----");
    java.nio.file.Path key = java.nio.file.Files.writeString(dir.resolve("proxy.key"), "-----BEGIN PRIVATE KEY-----");
    Map<String, String> tls = Map.of("STRANGLER_PUBLIC_TLS_CERT_FILE", cert.toString(), "STRANGLER_PUBLIC_TLS_KEY_FILE", key.toString());
    java.util.function.Function<String, Map<String, String>> every = ms -> {
      Map<String, String> env = new java.util.HashMap<>(tls);
      env.put("STRANGLER_TLS_RELOAD_INTERVAL_MS", ms);
      return env;
    };

    assertThat(ProxyConfig.fromEnvironment(tls).proxy().publicTls().reloadInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(ProxyConfig.fromEnvironment(every.apply("0")).proxy().publicTls().reloadInterval()).isZero();
    assertThat(ProxyConfig.fromEnvironment(every.apply("60000")).proxy().publicTls().reloadInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(catchThrowableOfType(ProxyConfig.InvalidConfigException.class, () -> ProxyConfig.fromEnvironment(every.apply("50")))
        .problems()).containsExactly("STRANGLER_TLS_RELOAD_INTERVAL_MS must be 0 (never) or at least 100 (got 50)");
  }

  @Test
  void httpsBackendsTrustTheJvmsStoreUnlessACaFileIsNamed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws java.io.IOException {
    java.nio.file.Path ca = java.nio.file.Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----");

    assertThat(ProxyOptions.defaults().backendTrust()).isNull();
    assertThat(ProxyConfig.fromEnvironment(Map.of("STRANGLER_BACKEND_CA_FILE", ca.toString())).proxy().backendCa()).isEqualTo(ca);
    assertThat(catchThrowableOfType(ProxyConfig.InvalidConfigException.class, () -> ProxyConfig.fromEnvironment(Map.of(
        "STRANGLER_BACKEND_CA_FILE", dir.resolve("missing.pem").toString()))).problems())
        .containsExactly("STRANGLER_BACKEND_CA_FILE must name a readable PEM file (got '" + dir.resolve("missing.pem") + "')");
  }

  @Test
  void tlsOnTheAdminApiNeedsTheAdminApi(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
    java.nio.file.Path cert = java.nio.file.Files.writeString(dir.resolve("admin.pem"), "-----BEGIN CERTIFICATE-----");
    java.nio.file.Path key = java.nio.file.Files.writeString(dir.resolve("admin.key"), "-----BEGIN PRIVATE KEY-----");
    Map<String, String> tls = Map.of("STRANGLER_ADMIN_TLS_CERT_FILE", cert.toString(), "STRANGLER_ADMIN_TLS_KEY_FILE", key.toString());
    Map<String, String> withToken = new java.util.HashMap<>(tls);
    withToken.put("STRANGLER_ADMIN_TOKEN", "writer-token-0123456789");

    assertThat(ProxyConfig.fromEnvironment(withToken).admin().tls()).isEqualTo(new dev.strangler.proxy.edge.ListenerTls(cert, key));
    assertThat(ProxyConfig.fromEnvironment(withToken).admin().toString()).contains("tls=" + cert).doesNotContain("writer-token");
    assertThat(catchThrowableOfType(ProxyConfig.InvalidConfigException.class, () -> ProxyConfig.fromEnvironment(tls)).problems())
        .containsExactly("STRANGLER_ADMIN_TLS_CERT_FILE is set but STRANGLER_ADMIN_TOKEN is not: the admin API is off without it");
    assertThat(catchThrowableOfType(ProxyConfig.InvalidConfigException.class, () -> ProxyConfig.fromEnvironment(Map.of(
        "STRANGLER_ADMIN_TOKEN", "writer-token-0123456789", "STRANGLER_ADMIN_TLS_KEY_FILE", key.toString()))).problems())
        .containsExactly("STRANGLER_ADMIN_TLS_CERT_FILE and STRANGLER_ADMIN_TLS_KEY_FILE go together: set both (TLS on the admin"
            + " API) or neither");
  }

  @Test
  void clientCertificatesOnTheAdminApiNeedItsTlsAndAReadableCaFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws java.io.IOException {
    java.nio.file.Path cert = java.nio.file.Files.writeString(dir.resolve("admin.pem"), "-----BEGIN CERTIFICATE-----");
    java.nio.file.Path key = java.nio.file.Files.writeString(dir.resolve("admin.key"), "-----BEGIN PRIVATE KEY-----");
    java.nio.file.Path ca = java.nio.file.Files.writeString(dir.resolve("clients-ca.pem"), "-----BEGIN CERTIFICATE-----");
    Map<String, String> mutual = Map.of("STRANGLER_ADMIN_TOKEN", "writer-token-0123456789",
        "STRANGLER_ADMIN_TLS_CERT_FILE", cert.toString(), "STRANGLER_ADMIN_TLS_KEY_FILE", key.toString(),
        "STRANGLER_ADMIN_TLS_CLIENT_CA_FILE", ca.toString());

    assertThat(ProxyConfig.fromEnvironment(mutual).admin().tls()).isEqualTo(new dev.strangler.proxy.edge.ListenerTls(cert, key)
        .withClientCa(ca));
    assertThat(ProxyConfig.fromEnvironment(mutual).admin().toString()).contains("clientCa=" + ca);
    assertThat(catchThrowableOfType(ProxyConfig.InvalidConfigException.class, () -> ProxyConfig.fromEnvironment(Map.of(
        "STRANGLER_ADMIN_TOKEN", "writer-token-0123456789", "STRANGLER_ADMIN_TLS_CLIENT_CA_FILE", ca.toString()))).problems())
        .containsExactly("STRANGLER_ADMIN_TLS_CLIENT_CA_FILE needs STRANGLER_ADMIN_TLS_CERT_FILE and STRANGLER_ADMIN_TLS_KEY_FILE:"
            + " client certificates are asked for in a TLS handshake");
    Map<String, String> missing = new java.util.HashMap<>(mutual);
    missing.put("STRANGLER_ADMIN_TLS_CLIENT_CA_FILE", dir.resolve("nope.pem").toString());
    assertThat(catchThrowableOfType(ProxyConfig.InvalidConfigException.class, () -> ProxyConfig.fromEnvironment(missing)).problems())
        .containsExactly("STRANGLER_ADMIN_TLS_CLIENT_CA_FILE must name a readable PEM file (got '" + dir.resolve("nope.pem") + "')");
  }

  @Test
  void theTransportIsAutoUnlessNamedInAnyCaseAndAnUnknownOneListsTheChoices() {
    assertThat(ProxyOptions.defaults().transport()).isEqualTo(EventLoopTransport.AUTO);
    assertThat(ProxyConfig.fromEnvironment(Map.of("STRANGLER_TRANSPORT", " NIO ")).proxy().transport())
        .isEqualTo(EventLoopTransport.NIO);
    ProxyConfig.InvalidConfigException e = catchThrowableOfType(ProxyConfig.InvalidConfigException.class,
        () -> ProxyConfig.fromEnvironment(Map.of("STRANGLER_TRANSPORT", "uring")));

    assertThat(e.problems()).containsExactly("STRANGLER_TRANSPORT must be one of auto, epoll, io_uring, nio (got 'uring')");
  }

  @Test
  void readsTheAnswerHoldOfFallbackRoutesAndNamesABadOne() {
    assertThat(ProxyConfig.fromEnvironment(Map.of("STRANGLER_HOLD_ANSWER_MAX_BYTES", "0")).proxy().holdAnswerMaxBytes())
        .isZero();
    assertThat(ProxyOptions.defaults().holdAnswerMaxBytes()).isEqualTo(1024 * 1024);
    ProxyConfig.InvalidConfigException e = catchThrowableOfType(ProxyConfig.InvalidConfigException.class,
        () -> ProxyConfig.fromEnvironment(Map.of("STRANGLER_HOLD_ANSWER_MAX_BYTES", "-1")));

    assertThat(e.problems()).containsExactly("STRANGLER_HOLD_ANSWER_MAX_BYTES must be between 0 and 67108864 (got -1)");
  }

  @Test
  void reportsEveryProblemAtOnceNamingTheSetting() {
    ProxyConfig.InvalidConfigException e = catchThrowableOfType(ProxyConfig.InvalidConfigException.class,
        () -> ProxyConfig.fromEnvironment(Map.of("STRANGLER_PUBLIC_PORT", "eighty",
            "STRANGLER_LEGACY_URL", "ftp://legacy", "STRANGLER_RESPONSE_TIMEOUT_MS", "0",
            "STRANGLER_DEBUG_HEADERS", "maybe", "STRANGLER_ROUTES_FILE", "routes.yaml",
            "STRANGLER_REDIS_URL", "redis://127.0.0.1:6379", "STRANGLER_ADMIN_TOKEN", "short")));

    assertThat(e.problems()).containsExactly(
        "STRANGLER_PUBLIC_PORT must be a whole number (got 'eighty')",
        "STRANGLER_LEGACY_URL must be an http:// or https:// URL (got 'ftp://legacy')",
        "STRANGLER_RESPONSE_TIMEOUT_MS must be between 1 and 3600000 (got 0)",
        "STRANGLER_DEBUG_HEADERS must be true or false (got 'maybe')",
        "STRANGLER_ROUTES_FILE and STRANGLER_REDIS_URL are both set: routes come from one source, choose one",
        "STRANGLER_ADMIN_TOKEN must be at least 16 characters");
  }

  @Test
  void theAdminApiMustListenApartAndItsTokensMustDiffer() {
    ProxyConfig.InvalidConfigException e = catchThrowableOfType(ProxyConfig.InvalidConfigException.class,
        () -> ProxyConfig.fromEnvironment(Map.of("STRANGLER_PUBLIC_PORT", "8080", "STRANGLER_ADMIN_PORT", "8080",
            "STRANGLER_ADMIN_TOKEN", TOKEN, "STRANGLER_ADMIN_READ_TOKEN", TOKEN)));

    assertThat(e.problems()).containsExactly(
        "STRANGLER_ADMIN_READ_TOKEN must differ from STRANGLER_ADMIN_TOKEN",
        "STRANGLER_ADMIN_PORT must differ from STRANGLER_PUBLIC_PORT: admin traffic listens apart from public traffic");
  }

  @Test
  void settingsNeverPrintTokensOrRedisPasswords() {
    ProxySettings settings = ProxyConfig.fromEnvironment(Map.of("STRANGLER_ADMIN_TOKEN", TOKEN,
        "STRANGLER_REDIS_URL", "redis://:hunter2hunter2@10.0.0.1:6379"));

    assertThat(settings.toString()).doesNotContain(TOKEN).doesNotContain("hunter2");
  }

  @Test
  void everyRedisMayBeASentinelOrClusterDeploymentAndABadOneIsNamed() {
    ProxySettings settings = ProxyConfig.fromEnvironment(Map.of(
        "STRANGLER_REDIS_URL", "redis-sentinel://proxy:hunter2hunter2@s1:26379,s2:26379,s3:26379/0?master=acme",
        "STRANGLER_CACHE_REDIS_URL", "redis-cluster://n1:7000,n2:7001,n3:7002", "STRANGLER_EVENTS_PREFIX", "{strangler}:"));
    assertThat(settings.routes().redisUrl()).startsWith("redis-sentinel://");
    assertThat(settings.toString()).doesNotContain("hunter2");

    ProxyConfig.InvalidConfigException e = catchThrowableOfType(ProxyConfig.InvalidConfigException.class,
        () -> ProxyConfig.fromEnvironment(Map.of("STRANGLER_REDIS_URL", "redis-sentinel://s1:26379,s2:26379")));
    assertThat(e.problems()).containsExactly(
        "STRANGLER_REDIS_URL: Redis URL needs ?master=<name> with redis-sentinel://: the master name the sentinels monitor");
  }

  @Test
  void sessionsAreOffWithoutAnIdentityKey() {
    assertThat(ProxyConfig.fromEnvironment(Map.of("STRANGLER_REDIS_URL", "redis://127.0.0.1:6379")).sessions()).isNull();
  }

  @Test
  void anIdentityKeyTurnsSessionsOnWithDefaultsMatchingTheMonolithOnTheRouteStoresRedis() {
    ProxySettings settings = ProxyConfig.fromEnvironment(Map.of("STRANGLER_IDENTITY_KEY", IDENTITY_KEY,
        "STRANGLER_REDIS_URL", "redis://127.0.0.1:6379"));

    assertThat(settings.sessions()).isEqualTo(SessionOptions.defaults("redis://127.0.0.1:6379", IdentityKey.of(IDENTITY_KEY)));
    assertThat(settings.sessions().sessionKey("abc")).isEqualTo("acme:session:sessions:abc");
  }

  @Test
  void readsEverySessionSetting() {
    SessionOptions sessions = ProxyConfig.fromEnvironment(Map.ofEntries(Map.entry("STRANGLER_IDENTITY_KEY", IDENTITY_KEY),
        Map.entry("STRANGLER_ROUTES_FILE", "/etc/strangler/routes.yaml"),
        Map.entry("STRANGLER_SESSION_REDIS_URL", "redis://sessions:6380/2"), Map.entry("STRANGLER_SESSION_COOKIE", "JSESSION"),
        Map.entry("STRANGLER_SESSION_COOKIE_BASE64", "false"), Map.entry("STRANGLER_SESSION_NAMESPACE", "shop:session"),
        Map.entry("STRANGLER_SESSION_CUSTOMER_ID_ATTRIBUTE", "userId"), Map.entry("STRANGLER_SESSION_EMAIL_ATTRIBUTE", "mail"),
        Map.entry("STRANGLER_SESSION_TOUCH_INTERVAL_SECONDS", "30"), Map.entry("STRANGLER_SESSION_TIMEOUT_MS", "150"),
        Map.entry("STRANGLER_IDENTITY_TOKEN_SECONDS", "20"))).sessions();

    assertThat(sessions).isEqualTo(new SessionOptions("redis://sessions:6380/2", "JSESSION", false, "shop:session", "userId", "mail",
        Duration.ofSeconds(30), Duration.ofMillis(150), IdentityKey.of(IDENTITY_KEY), Duration.ofSeconds(20)));
  }

  @Test
  void reportsEverySessionProblemWithoutEverEchoingTheKey() {
    ProxyConfig.InvalidConfigException e = catchThrowableOfType(ProxyConfig.InvalidConfigException.class,
        () -> ProxyConfig.fromEnvironment(Map.of("STRANGLER_IDENTITY_KEY", "guessable-secret",
            "STRANGLER_SESSION_REDIS_URL", "http://redis", "STRANGLER_SESSION_NAMESPACE", "acme:session:",
            "STRANGLER_SESSION_COOKIE", "my cookie", "STRANGLER_SESSION_TOUCH_INTERVAL_SECONDS", "0")));

    assertThat(e.problems()).containsExactly(
        "STRANGLER_SESSION_REDIS_URL: " + BAD_SCHEME,
        "STRANGLER_IDENTITY_KEY must be at least 32 bytes (got 16); e.g. openssl rand -base64 48",
        "STRANGLER_SESSION_NAMESPACE must be Spring Session's namespace without the trailing ':' (got 'acme:session:')",
        "STRANGLER_SESSION_COOKIE must be a cookie name (got 'my cookie')",
        "STRANGLER_SESSION_TOUCH_INTERVAL_SECONDS must be between 1 and 86400 (got 0)");
    assertThat(e.getMessage()).doesNotContain("guessable-secret");
  }

  @Test
  void onAClusterTheEventsPrefixMustCarryAHashTagForOneReadOverEveryStream() {
    assertThat(catchThrowableOfType(ProxyConfig.InvalidConfigException.class, () -> ProxyConfig.fromEnvironment(Map.of(
        "STRANGLER_REDIS_URL", "redis://127.0.0.1:6379", "STRANGLER_EVENTS_REDIS_URL", "redis-cluster://n1:7000,n2:7001")))
        .problems()).containsExactly("STRANGLER_EVENTS_PREFIX must carry a hash tag on a Redis Cluster, so that the keys used"
            + " together in one script or read share a hash slot: e.g. '{strangler}:' (got 'strangler:')");

    assertThat(ProxyConfig.fromEnvironment(Map.of("STRANGLER_REDIS_URL", "redis://127.0.0.1:6379",
        "STRANGLER_EVENTS_REDIS_URL", "redis-cluster://n1:7000,n2:7001", "STRANGLER_EVENTS_PREFIX", "{strangler}:"))
        .cache().stream("product")).isEqualTo("{strangler}:events:product");
  }

  @Test
  void anIdentityKeyNeedsARedisAndSessionSettingsNeedAKey() {
    assertThat(catchThrowableOfType(ProxyConfig.InvalidConfigException.class,
        () -> ProxyConfig.fromEnvironment(Map.of("STRANGLER_IDENTITY_KEY", IDENTITY_KEY))).problems()).containsExactly(
        "STRANGLER_IDENTITY_KEY is set but sessions have no Redis: set STRANGLER_SESSION_REDIS_URL or STRANGLER_REDIS_URL");
    assertThat(catchThrowableOfType(ProxyConfig.InvalidConfigException.class,
        () -> ProxyConfig.fromEnvironment(Map.of("STRANGLER_SESSION_COOKIE", "SID", "STRANGLER_IDENTITY_TOKEN_SECONDS", "30")))
        .problems()).containsExactly(
        "STRANGLER_IDENTITY_TOKEN_SECONDS, STRANGLER_SESSION_COOKIE set but STRANGLER_IDENTITY_KEY is not: sessions are off without it");
  }

  @Test
  void settingsNeverPrintTheIdentityKey() {
    ProxySettings settings = ProxyConfig.fromEnvironment(Map.of("STRANGLER_IDENTITY_KEY", IDENTITY_KEY,
        "STRANGLER_SESSION_REDIS_URL", "redis://:hunter2hunter2@10.0.0.1:6379"));

    assertThat(settings.toString()).doesNotContain(IDENTITY_KEY).doesNotContain("hunter2").contains("sessions=SessionOptions[");
  }

  @Test
  void cacheAndRateLimitsUseTheRouteStoresRedisUnlessTheyHaveTheirOwn() {
    assertThat(ProxyConfig.fromEnvironment(Map.of()).cache()).isNull();
    assertThat(ProxyConfig.fromEnvironment(Map.of()).rateLimit()).isNull();

    ProxySettings shared = ProxyConfig.fromEnvironment(Map.of("STRANGLER_REDIS_URL", "redis://10.0.0.1:6379",
        "STRANGLER_REDIS_PREFIX", "fleet:"));

    assertThat(shared.cache()).isEqualTo(new CacheOptions("redis://10.0.0.1:6379", "fleet:", CacheOptions.DEFAULT_TIMEOUT,
        CacheOptions.DEFAULT_MAX_BODY_BYTES, "redis://10.0.0.1:6379", "strangler:"));
    assertThat(shared.rateLimit()).isEqualTo(new RateLimitOptions("redis://10.0.0.1:6379", "fleet:", RateLimitOptions.DEFAULT_TIMEOUT));
  }

  @Test
  void readsEveryCacheAndRateLimitSetting() {
    ProxySettings settings = ProxyConfig.fromEnvironment(Map.of("STRANGLER_ROUTES_FILE", "/etc/routes.yaml",
        "STRANGLER_CACHE_REDIS_URL", "redis://cache:6379", "STRANGLER_CACHE_TIMEOUT_MS", "50",
        "STRANGLER_CACHE_MAX_BODY_BYTES", "65536", "STRANGLER_EVENTS_REDIS_URL", "redis://events:6379",
        "STRANGLER_EVENTS_PREFIX", "shop:", "STRANGLER_RATE_LIMIT_REDIS_URL", "redis://limits:6379",
        "STRANGLER_RATE_LIMIT_TIMEOUT_MS", "20"));

    assertThat(settings.cache()).isEqualTo(new CacheOptions("redis://cache:6379", "strangler:", Duration.ofMillis(50), 65536,
        "redis://events:6379", "shop:"));
    assertThat(settings.cache().stream("product")).isEqualTo("shop:events:product");
    assertThat(settings.rateLimit()).isEqualTo(new RateLimitOptions("redis://limits:6379", "strangler:", Duration.ofMillis(20)));
  }

  @Test
  void reportsEveryCacheAndRateLimitProblemWithoutEchoingPasswords() {
    ProxyConfig.InvalidConfigException e = catchThrowableOfType(ProxyConfig.InvalidConfigException.class,
        () -> ProxyConfig.fromEnvironment(Map.of("STRANGLER_CACHE_REDIS_URL", "http://cache", "STRANGLER_CACHE_TIMEOUT_MS", "0",
            "STRANGLER_CACHE_MAX_BODY_BYTES", "lots", "STRANGLER_EVENTS_REDIS_URL", "events:6379",
            "STRANGLER_RATE_LIMIT_REDIS_URL", "tcp://limits", "STRANGLER_RATE_LIMIT_TIMEOUT_MS", "-1")));

    assertThat(e.problems()).containsExactly(
        "STRANGLER_CACHE_REDIS_URL: " + BAD_SCHEME,
        "STRANGLER_EVENTS_REDIS_URL: " + BAD_SCHEME,
        "STRANGLER_CACHE_TIMEOUT_MS must be between 1 and 60000 (got 0)",
        "STRANGLER_CACHE_MAX_BODY_BYTES must be a whole number (got 'lots')",
        "STRANGLER_RATE_LIMIT_REDIS_URL: " + BAD_SCHEME,
        "STRANGLER_RATE_LIMIT_TIMEOUT_MS must be between 1 and 60000 (got -1)");
    assertThat(ProxyConfig.fromEnvironment(Map.of("STRANGLER_CACHE_REDIS_URL", "redis://:hunter2hunter2@cache:6379",
        "STRANGLER_RATE_LIMIT_REDIS_URL", "redis://:hunter2hunter2@limits:6379")).toString()).doesNotContain("hunter2");
  }

  @Test
  void theCaptureUsesTheRouteStoresRedisAndPrefixUnlessItHasItsOwn() {
    assertThat(ProxyConfig.fromEnvironment(Map.of()).capture()).isNull();

    CaptureOptions shared = ProxyConfig.fromEnvironment(Map.of("STRANGLER_REDIS_URL", "redis://10.0.0.1:6379",
        "STRANGLER_REDIS_PREFIX", "fleet:")).capture();

    assertThat(shared).isEqualTo(new CaptureOptions("redis://10.0.0.1:6379", "fleet:", 100_000, 1000, Duration.ofSeconds(1)));
    assertThat(shared.streamKey()).isEqualTo("fleet:capture");
  }

  @Test
  void readsEveryCaptureSetting() {
    ProxySettings settings = ProxyConfig.fromEnvironment(Map.of("STRANGLER_ROUTES_FILE", "/etc/routes.yaml",
        "STRANGLER_CAPTURE_REDIS_URL", "redis://capture:6379", "STRANGLER_CAPTURE_MAX_ENTRIES", "5000",
        "STRANGLER_CAPTURE_MAX_PENDING", "50", "STRANGLER_CAPTURE_TIMEOUT_MS", "250"));

    assertThat(settings.capture()).isEqualTo(new CaptureOptions("redis://capture:6379", "strangler:", 5000, 50,
        Duration.ofMillis(250)));
  }

  @Test
  void reportsEveryCaptureProblemWithoutEchoingPasswords() {
    ProxyConfig.InvalidConfigException e = catchThrowableOfType(ProxyConfig.InvalidConfigException.class,
        () -> ProxyConfig.fromEnvironment(Map.of("STRANGLER_CAPTURE_REDIS_URL", "capture:6379",
            "STRANGLER_CAPTURE_MAX_ENTRIES", "0", "STRANGLER_CAPTURE_MAX_PENDING", "many", "STRANGLER_CAPTURE_TIMEOUT_MS", "0")));

    assertThat(e.problems()).containsExactly(
        "STRANGLER_CAPTURE_REDIS_URL: " + BAD_SCHEME,
        "STRANGLER_CAPTURE_MAX_ENTRIES must be between 1 and 100000000 (got 0)",
        "STRANGLER_CAPTURE_MAX_PENDING must be a whole number (got 'many')",
        "STRANGLER_CAPTURE_TIMEOUT_MS must be between 1 and 60000 (got 0)");
    assertThat(ProxyConfig.fromEnvironment(Map.of("STRANGLER_CAPTURE_REDIS_URL", "redis://:hunter2hunter2@capture:6379"))
        .toString()).doesNotContain("hunter2");
  }

  @Test
  void shadowResultsUseTheRouteStoresRedisAndPrefixWithNamedDefaultsUnlessTheyHaveTheirOwn() {
    assertThat(ProxyConfig.fromEnvironment(Map.of()).shadowResults()).as("no Redis, no results").isNull();

    ProxySettings shared = ProxyConfig.fromEnvironment(Map.of("STRANGLER_REDIS_URL", "redis://10.0.0.1:6379",
        "STRANGLER_REDIS_PREFIX", "fleet:"));

    assertThat(shared.shadowResults()).isEqualTo(ShadowResultsOptions.defaults("redis://10.0.0.1:6379").withKeyPrefix("fleet:"));
    assertThat(shared.shadowResults().keys().stream()).isEqualTo("fleet:{shadow}:results");
  }

  @Test
  void readsEveryShadowResultsSetting() {
    ProxySettings settings = ProxyConfig.fromEnvironment(Map.of("STRANGLER_SHADOW_RESULTS_REDIS_URL", "redis://results:6379",
        "STRANGLER_SHADOW_RESULTS_STREAM_MAXLEN", "500", "STRANGLER_SHADOW_RESULTS_FLUSH_MS", "250",
        "STRANGLER_SHADOW_RESULTS_BACKLOG", "100", "STRANGLER_SHADOW_RESULTS_SAMPLE_BYTES", "0",
        "STRANGLER_SHADOW_RESULTS_TIMEOUT_MS", "300", "STRANGLER_SHADOW_RESULTS_MAX_PATHS", "50"));

    assertThat(settings.shadowResults()).isEqualTo(new ShadowResultsOptions("redis://results:6379", "strangler:", 500,
        Duration.ofMillis(250), 100, 0, Duration.ofMillis(300), 50));
  }

  @Test
  void reportsEveryShadowResultsProblemWithoutEchoingPasswords() {
    ProxyConfig.InvalidConfigException e = catchThrowableOfType(ProxyConfig.InvalidConfigException.class,
        () -> ProxyConfig.fromEnvironment(Map.of("STRANGLER_SHADOW_RESULTS_REDIS_URL", "results:6379",
            "STRANGLER_SHADOW_RESULTS_STREAM_MAXLEN", "0", "STRANGLER_SHADOW_RESULTS_FLUSH_MS", "soon",
            "STRANGLER_SHADOW_RESULTS_BACKLOG", "-5")));

    assertThat(e.problems()).containsExactly(
        "STRANGLER_SHADOW_RESULTS_REDIS_URL: " + BAD_SCHEME,
        "STRANGLER_SHADOW_RESULTS_STREAM_MAXLEN must be between 1 and 10000000 (got 0)",
        "STRANGLER_SHADOW_RESULTS_FLUSH_MS must be a whole number (got 'soon')",
        "STRANGLER_SHADOW_RESULTS_BACKLOG must be between 1 and 1000000 (got -5)");
    assertThat(ProxyConfig.fromEnvironment(Map.of("STRANGLER_SHADOW_RESULTS_REDIS_URL", "redis://:hunter2hunter2@results:6379"))
        .toString()).doesNotContain("hunter2");
  }
}
