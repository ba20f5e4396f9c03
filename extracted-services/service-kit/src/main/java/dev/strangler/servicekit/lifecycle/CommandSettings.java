package dev.strangler.servicekit.lifecycle;

import dev.strangler.servicekit.config.InvalidConfigException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A service command's settings, read from the environment before it does anything. */
public final class CommandSettings {

  /** Exit code of a command whose settings are invalid. */
  public static final int INVALID = 2;

  private static final Logger LOG = LoggerFactory.getLogger(CommandSettings.class);

  private CommandSettings() {}

  /**
   * The settings {@code read} makes of this process's environment; empty, with every problem logged as
   * {@code config: <problem>}, when they are invalid (the command then exits {@link #INVALID}).
   */
  public static <S> Optional<S> fromEnvironment(Function<Map<String, String>, S> read) {
    return fromEnvironment(read, System.getenv());
  }

  static <S> Optional<S> fromEnvironment(Function<Map<String, String>, S> read, Map<String, String> environment) {
    try {
      return Optional.of(read.apply(environment));
    } catch (InvalidConfigException e) {
      e.problems().forEach(problem -> LOG.error("config: {}", problem));
      return Optional.empty();
    }
  }
}
