package dev.strangler.acceptance.guides;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs the guides' commands as a reader would type them into one terminal, from the repository's root: each
 * script under {@code bash} with {@code set -euo pipefail}, the variables earlier scripts set carried on (they are
 * kept in a file between scripts). Where the lab under test listens elsewhere than the guides say, each
 * {@code rewrites} key is replaced by its value in a script's text before it runs. A script that outlives its
 * timeout is killed with everything it started.
 */
final class GuideShell {

  /** One script run: its exit code (-1 when it was killed at the timeout) and everything it printed. */
  record Run(int exitCode, String output) {
    /** The output's last {@code lines} lines, for a failure message. */
    String tail(int lines) {
      List<String> all = output.lines().toList();
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
  }

  /** Sources the variables kept so far, then the script, then keeps every variable it set (as a terminal would). */
  private static final String RUNNER = """
      set -euo pipefail
      . "$1"
      . "$2"
      for __guide_name in $(compgen -v); do
        [[ $__guide_name =~ ^(BASH.*|FUNCNAME|PIPESTATUS|GROUPS|RANDOM|SRANDOM|SECONDS|LINENO|EPOCHREALTIME|EPOCHSECONDS|HISTCMD|_|PWD|OLDPWD|SHLVL|PPID|UID|EUID|SHELLOPTS|BASHOPTS|DIRSTACK|COLUMNS|LINES|OPTIND|OPTERR|IFS|PS[0-9]|HOSTNAME|HOSTTYPE|MACHTYPE|OSTYPE|COMP_.*|__guide_.*)$ ]] \\
          || declare -p "$__guide_name"
      done > "$1.next"
      mv "$1.next" "$1"
      """;

  private final Path root;
  private final Map<String, String> environment;
  private final Map<String, String> rewrites;
  private final Path work;
  private final Path exported;
  private int scripts;

  GuideShell(Path root, Map<String, String> environment, Map<String, String> rewrites, Path work) {
    this.root = root;
    this.environment = Map.copyOf(environment);
    this.rewrites = Map.copyOf(rewrites);
    this.work = work;
    this.exported = work.resolve("exported.sh");
    try {
      Files.createDirectories(work);
      Files.writeString(exported, "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The script with the lab's own addresses in place of the guides'. */
  String rewritten(String script) {
    return rewrite(script, rewrites);
  }

  /** {@code text} with every key of {@code rewrites} replaced by its value, in one pass (the longest key first). */
  static String rewrite(String text, Map<String, String> rewrites) {
    if (rewrites.isEmpty()) {
      return text;
    }
    Pattern keys = Pattern.compile(rewrites.keySet().stream().sorted(Comparator.comparing(String::length).reversed())
        .map(Pattern::quote).collect(Collectors.joining("|")));
    return keys.matcher(text).replaceAll(match -> Matcher.quoteReplacement(rewrites.get(match.group())));
  }

  Run run(String script, Duration timeout) {
    int number = ++scripts;
    Path file = work.resolve("script-" + number + ".sh");
    Path output = work.resolve("script-" + number + ".out");
    try {
      Files.writeString(file, rewritten(script));
      ProcessBuilder builder = new ProcessBuilder("bash", "-c", RUNNER, "guide-shell", exported.toString(), file.toString())
          .directory(root.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
      builder.environment().putAll(environment);
      Process process = builder.start();
      boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!ended) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();
      }
      return new Run(ended ? process.exitValue() : -1, Files.readString(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + file, e);
    }
  }
}
