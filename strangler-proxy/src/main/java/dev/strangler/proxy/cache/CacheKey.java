package dev.strangler.proxy.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * What tells two cached answers apart: route, backend, method, host, normalised path, the query with its parameters
 * sorted, the values of the route's {@code vary} headers and, on a user-scoped route, the verified user. Hashed
 * (SHA-256), so a key never shows a user id or a header value.
 */
final class CacheKey {

  /** The user part of a user-scoped key for a request without a session. */
  static final String ANONYMOUS = "-";

  private CacheKey() {}

  /**
   * @param query the raw query string (null: none); parameters are sorted by name, each name's values keep their order
   * @param header a request header's values, joined, or null
   * @param user the verified user, {@link #ANONYMOUS}, or null on routes that are not user-scoped
   */
  static String of(String route, String backend, String method, String host, String path, String query, List<String> vary,
                   Function<String, String> header, String user) {
    StringBuilder material = new StringBuilder()
        .append(route).append('\n').append(backend).append('\n').append(method).append('\n')
        .append(host == null ? "" : host.toLowerCase(Locale.ROOT)).append('\n').append(path).append('\n')
        .append(sortedQuery(query)).append('\n');
    vary.stream().map(h -> h.toLowerCase(Locale.ROOT)).sorted().forEach(h -> {
      String value = header.apply(h);
      material.append(h).append(value == null ? "\u0000" : "=" + value).append('\n');
    });
    if (user != null) {
      material.append("user=").append(user);
    }
    return sha256(material.toString());
  }

  static String sortedQuery(String query) {
    if (query == null || query.isEmpty()) {
      return "";
    }
    List<String> params = new ArrayList<>();
    for (String p : query.split("&")) {
      if (!p.isEmpty()) {
        params.add(p);
      }
    }
    // Stable: a=2&a=1 and a=1&a=2 stay apart, as a backend may read repeated values in order.
    params.sort(Comparator.comparing(p -> p.indexOf('=') < 0 ? p : p.substring(0, p.indexOf('='))));
    return String.join("&", params);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
