package dev.strangler.proxy.route;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A compiled path pattern. Segments are literals, {@code {name}} (one segment, captured), {@code *}
 * (one segment) or {@code **} (zero or more segments). A pattern with none of those is exact:
 * {@code /api/products} matches only that path. {@code /api/products/**} matches
 * {@code /api/products} and everything below it.
 */
public final class PathPattern {

  private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");
  private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9._~!$&'()+,;=:@%-]*");

  /** Most specific first: exact, then more literal segments, fewer globs, fewer single-segment wildcards. */
  public static final Comparator<PathPattern> MOST_SPECIFIC_FIRST = Comparator
      .comparing((PathPattern p) -> !p.exact)
      .thenComparing(p -> -p.literals)
      .thenComparingInt(p -> p.globs)
      .thenComparingInt(p -> p.singles);

  private final String text;
  private final List<Segment> segments;
  private final boolean exact;
  private final int literals;
  private final int globs;
  private final int singles;

  private PathPattern(String text, List<Segment> segments) {
    this.text = text;
    this.segments = segments;
    this.literals = (int) segments.stream().filter(s -> s.kind == Kind.LITERAL).count();
    this.globs = (int) segments.stream().filter(s -> s.kind == Kind.GLOB).count();
    this.singles = segments.size() - literals - globs;
    this.exact = globs == 0 && singles == 0;
  }

  /** Compiles {@code text}; throws IllegalArgumentException with a precise reason when it is not a valid pattern. */
  public static PathPattern compile(String text) {
    if (text == null || !text.startsWith("/")) {
      throw new IllegalArgumentException("a path pattern starts with '/' (got '" + text + "')");
    }
    List<Segment> segments = new ArrayList<>();
    List<String> names = new ArrayList<>();
    String[] parts = text.substring(1).split("/", -1);
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (part.isEmpty() && i < parts.length - 1) {
        throw new IllegalArgumentException("empty segment ('//') in '" + text + "'");
      }
      if (part.equals(".") || part.equals("..")) {
        throw new IllegalArgumentException("dot segment '" + part + "' in '" + text + "'");
      }
      if (part.equals("**")) {
        segments.add(new Segment(Kind.GLOB, null));
      } else if (part.equals("*")) {
        segments.add(new Segment(Kind.ANY_ONE, null));
      } else if (PARAM.matcher(part).matches()) {
        String name = part.substring(1, part.length() - 1);
        if (names.contains(name)) {
          throw new IllegalArgumentException("parameter {" + name + "} appears twice in '" + text + "'");
        }
        names.add(name);
        segments.add(new Segment(Kind.PARAM, name));
      } else if (LITERAL.matcher(part).matches()) {
        segments.add(new Segment(Kind.LITERAL, part));
      } else {
        throw new IllegalArgumentException("segment '" + part + "' of '" + text
            + "' is neither a literal, {name}, * nor **");
      }
    }
    return new PathPattern(text, List.copyOf(segments));
  }

  /** The captured parameters when {@code path} matches, else null. {@code path} must be normalised. */
  public Map<String, String> match(String path) {
    if (exact) {
      return text.equals(path) ? Map.of() : null;
    }
    if (path == null || !path.startsWith("/")) {
      return null;
    }
    String[] parts = path.substring(1).split("/", -1);
    Map<String, String> params = new LinkedHashMap<>();
    return matchFrom(0, parts, 0, params) ? params : null;
  }

  private boolean matchFrom(int si, String[] parts, int pi, Map<String, String> params) {
    if (si == segments.size()) {
      return pi == parts.length;
    }
    Segment segment = segments.get(si);
    if (segment.kind == Kind.GLOB) {
      for (int next = parts.length; next >= pi; next--) {
        if (matchFrom(si + 1, parts, next, params)) {
          return true;
        }
      }
      return false;
    }
    if (pi >= parts.length) {
      return false;
    }
    String part = parts[pi];
    boolean ok = switch (segment.kind) {
      case LITERAL -> segment.value.equals(part);
      case ANY_ONE -> !part.isEmpty();
      case PARAM -> {
        if (part.isEmpty()) {
          yield false;
        }
        params.put(segment.value, part);
        yield true;
      }
      case GLOB -> throw new AssertionError("handled above");
    };
    return ok && matchFrom(si + 1, parts, pi + 1, params);
  }

  /** The names of the {@code {name}} segments, in order. */
  public List<String> parameterNames() {
    return segments.stream().filter(s -> s.kind == Kind.PARAM).map(Segment::value).toList();
  }

  public boolean isExact() {
    return exact;
  }

  /** The leading literal segments as a path, e.g. {@code /api/products} for {@code /api/products/**}. */
  public String literalPrefix() {
    StringBuilder out = new StringBuilder();
    for (Segment s : segments) {
      if (s.kind != Kind.LITERAL) {
        break;
      }
      out.append('/').append(s.value);
    }
    return out.isEmpty() ? "/" : out.toString();
  }

  @Override
  public String toString() {
    return text;
  }

  private enum Kind { LITERAL, PARAM, ANY_ONE, GLOB }

  private record Segment(Kind kind, String value) {}
}
