package dev.strangler.relay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Typed reads of environment variables that collect every problem; a missing or blank variable takes the default. */
final class Env {

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

  private final Map<String, String> env;
  final List<String> problems = new ArrayList<>();

  Env(Map<String, String> env) {
    this.env = env;
  }

  String string(String name, String fallback) {
    String value = env.get(name);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  long number(String name, long fallback, long min, long max) {
    String raw = string(name, null);
    if (raw == null) {
      return fallback;
    }
    try {
      long value = Long.parseLong(raw.replace("_", ""));
      if (value < min || value > max) {
        problems.add(name + " must be between " + min + " and " + max + " (got " + value + ")");
      }
      return value;
    } catch (NumberFormatException e) {
      problems.add(name + " must be a whole number (got '" + raw + "')");
      return fallback;
    }
  }

  /** {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h}; a bare number is milliseconds. */
  Duration duration(String name, Duration fallback) {
    String raw = string(name, null);
    if (raw == null) {
      return fallback;
    }
    Matcher m = DURATION.matcher(raw);
    if (!m.matches()) {
      problems.add(name + " must be a duration such as 500ms, 2s, 5m or 1h (got '" + raw + "')");
      return fallback;
    }
    long amount = Long.parseLong(m.group(1));
    return switch (m.group(2) == null ? "ms" : m.group(2)) {
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofMillis(amount);
    };
  }

  void require(boolean ok, String problem) {
    if (!ok) {
      problems.add(problem);
    }
  }
}
