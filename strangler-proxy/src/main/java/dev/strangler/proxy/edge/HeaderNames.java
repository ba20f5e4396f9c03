package dev.strangler.proxy.edge;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A fixed set of header names that ignores case, for the per-request passes over every header: a name is found by its
 * length, then compared ignoring case with the few names of that length, with no lower-cased copy, hash or tree walk
 * per header (most headers of a request are of a length no listed name has).
 */
public final class HeaderNames {

  private static final String[] NONE = new String[0];

  /** {@code byLength[n]}: the names of length n. */
  private final String[][] byLength;
  private final List<String> names;

  private HeaderNames(Collection<String> names) {
    int longest = 0;
    for (String name : names) {
      longest = Math.max(longest, Objects.requireNonNull(name, "name == null").length());
    }
    List<List<String>> grouped = new ArrayList<>();
    for (int i = 0; i <= longest; i++) {
      grouped.add(new ArrayList<>(2));
    }
    List<String> kept = new ArrayList<>();
    for (String name : names) {
      List<String> same = grouped.get(name.length());
      if (same.stream().noneMatch(name::equalsIgnoreCase)) {
        same.add(name);
        kept.add(name);
      }
    }
    this.byLength = new String[longest + 1][];
    for (int i = 0; i <= longest; i++) {
      byLength[i] = grouped.get(i).isEmpty() ? NONE : grouped.get(i).toArray(String[]::new);
    }
    this.names = List.copyOf(kept);
  }

  public static HeaderNames of(Collection<String> names) {
    return new HeaderNames(names);
  }

  public boolean contains(String name) {
    int length = name.length();
    if (length >= byLength.length) {
      return false;
    }
    for (String candidate : byLength[length]) {
      if (candidate.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  /** The names as given (the first spelling of each), in order. */
  public List<String> names() {
    return names;
  }

  @Override
  public String toString() {
    return names.toString();
  }
}
