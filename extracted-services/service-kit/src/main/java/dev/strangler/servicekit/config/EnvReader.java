package dev.strangler.servicekit.config;

import dev.strangler.redis.InvalidRedisUrlException;
import dev.strangler.redis.RedisDeployment;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Reads typed settings from environment variables and collects every problem instead of stopping at
 * the first: read everything, then {@link #validate()} once. A missing or blank variable takes the default.
 */
public final class EnvReader {

  private final Map<String, String> env;
  private final List<String> problems = new ArrayList<>();

  public EnvReader(Map<String, String> env) {
    this.env = Objects.requireNonNull(env, "env == null");
  }

  public String string(String name, String fallback) {
    String raw = raw(name);
    return raw == null ? fallback : raw;
  }

  public int integer(String name, int fallback, int min, int max) {
    String raw = raw(name);
    if (raw == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw);
      if (value < min || value > max) {
        problems.add(name + " must be between " + min + " and " + max + " (got " + value + ")");
      }
      return value;
    } catch (NumberFormatException e) {
      problems.add(name + " must be a whole number (got '" + raw + "')");
      return fallback;
    }
  }

  public Duration millis(String name, Duration fallback, Duration max) {
    return Duration.ofMillis(integer(name, (int) fallback.toMillis(), 0, (int) max.toMillis()));
  }

  public boolean bool(String name, boolean fallback) {
    String raw = raw(name);
    if (raw == null) {
      return fallback;
    }
    return switch (raw.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> {
        problems.add(name + " must be true or false (got '" + raw + "')");
        yield fallback;
      }
    };
  }

  /**
   * A Redis deployment's URL as {@link RedisDeployment} reads it (standalone {@code redis[s]://}, Sentinel
   * {@code redis[s]-sentinel://…?master=…}, Cluster {@code redis[s]-cluster://}); {@code fallback} may be null (the
   * feature is off).
   */
  public String redisUrl(String name, String fallback) {
    String raw = raw(name);
    if (raw == null) {
      return fallback;
    }
    try {
      RedisDeployment.parse(raw);
    } catch (InvalidRedisUrlException e) {
      problems.add(name + ": " + e.getMessage() + " (got '" + RedisDeployment.redact(raw) + "')");
    }
    return raw;
  }

  /** An {@code http://} or {@code https://} URL; {@code fallback} may be null. */
  public String httpUrl(String name, String fallback) {
    return url(name, fallback, "http", "https");
  }

  /** Records a problem unless {@code ok}; for rules across settings. */
  public void require(boolean ok, String problem) {
    if (!ok) {
      problems.add(problem);
    }
  }

  /** Throws {@link InvalidConfigException} listing every problem found so far, if any. */
  public void validate() {
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
  }

  private String url(String name, String fallback, String... schemes) {
    String raw = raw(name);
    if (raw == null) {
      return fallback;
    }
    try {
      URI uri = URI.create(raw);
      if (!List.of(schemes).contains(uri.getScheme()) || uri.getHost() == null) {
        problems.add(name + " must be a " + String.join(":// or ", schemes) + ":// URL with a host (got '" + redact(raw) + "')");
      }
    } catch (IllegalArgumentException e) {
      problems.add(name + " is not a URL (got '" + redact(raw) + "')");
    }
    return raw;
  }

  /** Never repeat a password that may sit in a URL's user-info. */
  private static String redact(String url) {
    return url.replaceAll("//[^@/]*@", "//***@");
  }

  private String raw(String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.trim();
  }
}
