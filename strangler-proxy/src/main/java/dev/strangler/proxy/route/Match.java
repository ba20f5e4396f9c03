package dev.strangler.proxy.route;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a request must look like for a route to apply; every given part must hold.
 *
 * @param path a path pattern (see {@link PathPattern}); null matches every path
 * @param methods upper-case methods; empty matches every method
 * @param headers header name → exact value, or {@code *} for "present"
 * @param cookies cookie name → exact value, or {@code *}
 * @param query query parameter name → exact value, or {@code *}
 * @param host the Host without port, exact (case-insensitive); null matches every host
 */
public record Match(String path, List<String> methods, SortedMap<String, String> headers,
                    SortedMap<String, String> cookies, SortedMap<String, String> query, String host) {

  /** The value that only requires presence. */
  public static final String PRESENT = "*";

  public static final Match ANY = new Match(null, List.of(), null, null, null, null);

  public Match {
    methods = methods == null ? List.of() : List.copyOf(methods);
    headers = sorted(headers);
    cookies = sorted(cookies);
    query = sorted(query);
  }

  public static Match path(String path) {
    return new Match(path, List.of(), null, null, null, null);
  }

  public Match withMethods(String... methods) {
    return new Match(path, List.of(methods), headers, cookies, query, host);
  }

  /** How many conditions besides the path it states; more conditions make a route more specific. */
  int conditionCount() {
    return (methods.isEmpty() ? 0 : 1) + headers.size() + cookies.size() + query.size() + (host == null ? 0 : 1);
  }

  private static SortedMap<String, String> sorted(Map<String, String> map) {
    return map == null ? java.util.Collections.unmodifiableSortedMap(new TreeMap<>())
        : java.util.Collections.unmodifiableSortedMap(new TreeMap<>(map));
  }
}
