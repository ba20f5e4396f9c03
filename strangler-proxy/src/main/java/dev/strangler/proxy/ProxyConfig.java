package dev.strangler.proxy;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads and validates the proxy's configuration from the environment, in one place, reporting every problem. */
public final class ProxyConfig {

  public static final String ENV_PUBLIC_HOST = "STRANGLER_PUBLIC_HOST";
  public static final String ENV_PUBLIC_PORT = "STRANGLER_PUBLIC_PORT";
  public static final String ENV_LEGACY_URL = "STRANGLER_LEGACY_URL";
  public static final String ENV_CONNECT_TIMEOUT_MS = "STRANGLER_CONNECT_TIMEOUT_MS";
  public static final String ENV_RESPONSE_TIMEOUT_MS = "STRANGLER_RESPONSE_TIMEOUT_MS";

  private ProxyConfig() {}

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

  public static ProxyOptions fromEnvironment(Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    ProxyOptions defaults = ProxyOptions.defaults();
    String host = env.getOrDefault(ENV_PUBLIC_HOST, defaults.publicHost());
    int port = integer(env, ENV_PUBLIC_PORT, defaults.publicPort(), 0, 65535, problems);
    URI legacy = legacy(env.get(ENV_LEGACY_URL), defaults.legacy(), problems);
    long connect = integer(env, ENV_CONNECT_TIMEOUT_MS, (int) defaults.connectTimeout().toMillis(), 1, 600_000, problems);
    long response = integer(env, ENV_RESPONSE_TIMEOUT_MS, (int) defaults.responseTimeout().toMillis(), 1, 3_600_000, problems);
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    return new ProxyOptions(host, port, legacy, Duration.ofMillis(connect), Duration.ofMillis(response));
  }

  private static int integer(Map<String, String> env, String name, int fallback, int min, int max, List<String> problems) {
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

  private static URI legacy(String raw, URI fallback, List<String> problems) {
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      URI uri = URI.create(raw.trim());
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        problems.add(ENV_LEGACY_URL + " must be an http:// or https:// URL (got '" + raw + "')");
      } else if (uri.getHost() == null) {
        problems.add(ENV_LEGACY_URL + " has no host (got '" + raw + "')");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      problems.add(ENV_LEGACY_URL + " is not a URL: " + e.getMessage());
      return fallback;
    }
  }
}
