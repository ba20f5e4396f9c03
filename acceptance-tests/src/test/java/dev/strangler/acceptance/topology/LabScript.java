package dev.strangler.acceptance.topology;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code ./lab} script read pragmatically: the environment names each {@code start <process> env ... java -jar}
 * command sets (including those of the bash arrays it expands, such as {@code "${relay_db[@]}"}), and the default of
 * a port setting ({@code LEGACY_PORT=${LEGACY_PORT:-8081}}).
 */
public final class LabScript {

  public static final String FILE = "lab";

  private static final Pattern START = Pattern.compile("(?m)^\\s*start\\s+\"?([^\\s\"]+)\"?\\s+env\\s+(.*?)\\sjava\\s+-jar");
  private static final Pattern ASSIGNMENT = Pattern.compile("(?<![\\w$])([A-Z][A-Z0-9_]*)=");
  private static final Pattern ARRAY_USE = Pattern.compile("\\$\\{(\\w+)\\[@]}");

  private final String script;

  private LabScript(String script) {
    this.script = script.replace("\\\n", " "); // one logical line per command
  }

  public static LabScript read(Path repository) throws IOException {
    return new LabScript(Files.readString(repository.resolve(FILE)));
  }

  /** The names the process is started with; empty when no {@code start} command starts it. */
  public Optional<Set<String>> environment(String process) {
    Matcher start = START.matcher(script);
    while (start.find()) {
      if (start.group(1).equals(process)) {
        Set<String> names = new TreeSet<>(assignedNames(start.group(2)));
        Matcher array = ARRAY_USE.matcher(start.group(2));
        while (array.find()) {
          names.addAll(arrayNames(array.group(1)));
        }
        return Optional.of(names);
      }
    }
    return Optional.empty();
  }

  /** The default value of a setting such as {@code LEGACY_PORT=${LEGACY_PORT:-8081}}. */
  public Optional<String> defaultOf(String setting) {
    Matcher m = Pattern.compile("(?m)^" + setting + "=\\$\\{" + setting + ":-([^}]*)}").matcher(script);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** Every NAME= in the array's assignments ({@code name=(...)} and {@code name+=(...)}), parentheses balanced. */
  private Set<String> arrayNames(String array) {
    Set<String> names = new TreeSet<>();
    Matcher assignment = Pattern.compile("(?<![\\w$])" + array + "\\+?=\\(").matcher(script);
    while (assignment.find()) {
      int depth = 1;
      int i = assignment.end();
      while (i < script.length() && depth > 0) {
        char c = script.charAt(i++);
        depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      }
      names.addAll(assignedNames(script.substring(assignment.end(), i)));
    }
    return names;
  }

  private static Set<String> assignedNames(String text) {
    Set<String> names = new TreeSet<>();
    Matcher m = ASSIGNMENT.matcher(text);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }
}
