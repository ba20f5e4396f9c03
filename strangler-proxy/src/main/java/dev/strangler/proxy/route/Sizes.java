package dev.strangler.proxy.route;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads byte sizes ({@code 512}, {@code 64KiB}, {@code 10MiB}, {@code 1GiB}, or KB/MB/GB as the same binary units); writes the largest exact unit. */
public final class Sizes {

  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|KB|MiB|MB|GiB|GB)?");

  private Sizes() {}

  public static long parse(String text) {
    Matcher m = SIZE.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a size: '" + text + "' (use bytes, or 64KiB, 10MiB, 1GiB)");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "B" : m.group(2);
    return switch (unit) {
      case "KiB", "KB" -> n * 1024;
      case "MiB", "MB" -> n * 1024 * 1024;
      case "GiB", "GB" -> n * 1024 * 1024 * 1024;
      default -> n;
    };
  }

  public static String render(long bytes) {
    if (bytes > 0 && bytes % (1L << 30) == 0) {
      return bytes / (1L << 30) + "GiB";
    }
    if (bytes > 0 && bytes % (1L << 20) == 0) {
      return bytes / (1L << 20) + "MiB";
    }
    if (bytes > 0 && bytes % 1024 == 0) {
      return bytes / 1024 + "KiB";
    }
    return String.valueOf(bytes);
  }
}
