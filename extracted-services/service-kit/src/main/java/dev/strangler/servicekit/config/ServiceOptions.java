package dev.strangler.servicekit.config;

import java.time.Duration;
import java.util.Objects;

/**
 * What every extracted service needs to run, read from {@code <PREFIX>_*} environment variables by
 * {@link #read}: its name and version (as published in discovery), where it listens, where it
 * registers and how long a graceful stop may take.
 *
 * @param name service name in discovery ({@code _SERVICE_NAME}); no default, each service names its own
 * @param version instance version ({@code _SERVICE_VERSION}); default {@value #DEFAULT_VERSION}
 * @param host listen address ({@code _HTTP_HOST}); default {@value #DEFAULT_HOST}
 * @param port listen port ({@code _HTTP_PORT}); each service names its default
 * @param advertisedHost the address published in discovery ({@code _ADVERTISED_HOST}); default {@value #DEFAULT_ADVERTISED_HOST}
 * @param discoveryRedisUrl the Redis holding discovery ({@code _DISCOVERY_REDIS_URL}); null: not registered
 * @param discoveryPrefix key prefix of discovery ({@code _DISCOVERY_PREFIX}); default {@value #DEFAULT_DISCOVERY_PREFIX}, the proxy's
 * @param shutdownGrace how long in-flight requests may take to finish on stop ({@code _SHUTDOWN_GRACE_MS}); default {@link #DEFAULT_SHUTDOWN_GRACE}
 * @param identityKey the key the proxy signs identity tokens with ({@code _IDENTITY_KEY}, the proxy's
 *     {@code STRANGLER_IDENTITY_KEY}, at least 32 bytes); null: no identity is verified and every request is
 *     anonymous. Never printed.
 */
public record ServiceOptions(String name, String version, String host, int port, String advertisedHost,
    String discoveryRedisUrl, String discoveryPrefix, Duration shutdownGrace, String identityKey) {

  /** As short as the proxy accepts. */
  public static final int MIN_IDENTITY_KEY_BYTES = 32;

  public static final String DEFAULT_VERSION = "0.1.0";
  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final String DEFAULT_ADVERTISED_HOST = "127.0.0.1";
  public static final String DEFAULT_DISCOVERY_PREFIX = "strangler:";
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(10);
  static final Duration MAX_SHUTDOWN_GRACE = Duration.ofMinutes(5);

  public ServiceOptions {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(version, "version == null");
    Objects.requireNonNull(host, "host == null");
    Objects.requireNonNull(advertisedHost, "advertisedHost == null");
    Objects.requireNonNull(discoveryPrefix, "discoveryPrefix == null");
    Objects.requireNonNull(shutdownGrace, "shutdownGrace == null");
  }

  /** Reads {@code <prefix>_SERVICE_NAME}, {@code <prefix>_HTTP_PORT} and the rest; problems go to {@code env}. */
  public static ServiceOptions read(EnvReader env, String prefix, String defaultName, int defaultPort) {
    String identityKey = env.string(prefix + "_IDENTITY_KEY", null);
    env.require(identityKey == null || identityKey.getBytes(java.nio.charset.StandardCharsets.UTF_8).length >= MIN_IDENTITY_KEY_BYTES,
        prefix + "_IDENTITY_KEY must be at least " + MIN_IDENTITY_KEY_BYTES + " bytes (the proxy's STRANGLER_IDENTITY_KEY)");
    return new ServiceOptions(
        env.string(prefix + "_SERVICE_NAME", defaultName),
        env.string(prefix + "_SERVICE_VERSION", DEFAULT_VERSION),
        env.string(prefix + "_HTTP_HOST", DEFAULT_HOST),
        env.integer(prefix + "_HTTP_PORT", defaultPort, 0, 65535),
        env.string(prefix + "_ADVERTISED_HOST", DEFAULT_ADVERTISED_HOST),
        env.redisUrl(prefix + "_DISCOVERY_REDIS_URL", null),
        env.string(prefix + "_DISCOVERY_PREFIX", DEFAULT_DISCOVERY_PREFIX),
        env.millis(prefix + "_SHUTDOWN_GRACE_MS", DEFAULT_SHUTDOWN_GRACE, MAX_SHUTDOWN_GRACE),
        identityKey);
  }

  public ServiceOptions withPort(int newPort) {
    return new ServiceOptions(name, version, host, newPort, advertisedHost, discoveryRedisUrl, discoveryPrefix, shutdownGrace,
        identityKey);
  }

  /** Everything but the identity key, which is a secret. */
  @Override
  public String toString() {
    return "ServiceOptions[name=" + name + ", version=" + version + ", host=" + host + ", port=" + port + ", advertisedHost="
        + advertisedHost + ", discoveryPrefix=" + discoveryPrefix + ", shutdownGrace=" + shutdownGrace + ", identityKey="
        + (identityKey == null ? "none" : "***") + "]";
  }
}
