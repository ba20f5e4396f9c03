package dev.strangler.proxy.route;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cache tag with {@code {name}} placeholders, e.g. {@code product:{sku}}: filled from a route's path parameters
 * when an answer is stored, and from an event's fields when an event evicts.
 */
public final class TagTemplate {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)?)}");
  /** What may stand between placeholders: no spaces, braces or control characters, so a tag is one plain token. */
  private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9_.:/@=+,;~!$*'()-]*");

  private TagTemplate() {}

  /** The placeholder names of {@code template}, in order; throws IllegalArgumentException when it is not a template. */
  public static List<String> placeholders(String template) {
    if (template == null || template.isEmpty()) {
      throw new IllegalArgumentException("a tag must not be empty");
    }
    List<String> names = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(template);
    int at = 0;
    while (m.find()) {
      literal(template, template.substring(at, m.start()));
      names.add(m.group(1));
      at = m.end();
    }
    literal(template, template.substring(at));
    return names;
  }

  /** The tag with every placeholder filled by {@code values}; null when one of them has no value. */
  public static String fill(String template, Function<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.apply(m.group(1));
      if (value == null || value.isEmpty()) {
        return null;
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static void literal(String template, String part) {
    if (!LITERAL.matcher(part).matches()) {
      throw new IllegalArgumentException("'" + template + "' is not a tag: letters, digits, ':', '-', '_', '.' and {placeholders}");
    }
  }
}
