package dev.strangler.proxy.cache;

import dev.strangler.proxy.forward.KeptHeaders;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One kept answer: status, the backend's headers (connection-level ones left out) and body.
 *
 * @param ageSeconds how old it was when kept (the backend's {@code Age}, if any)
 */
record CachedResponse(int status, List<Map.Entry<String, String>> headers, Buffer body, long ageSeconds) {

  /** Besides those of one connection: {@code Age} is worked out anew on each hit, a cookie is one user's. */
  private static final Set<String> NOT_KEPT = Set.of("age", "set-cookie");

  CachedResponse {
    headers = List.copyOf(headers);
  }

  /** What of {@code headers} is kept: all but connection-level ones, those {@code Connection} names, Age and cookies. */
  static List<Map.Entry<String, String>> keptHeaders(MultiMap headers) {
    return KeptHeaders.of(headers, NOT_KEPT);
  }

  /**
   * {@code kept} updated from a 304's {@code fresh} headers (RFC 9111 §3.2): each header the 304 carries replaces the
   * kept values of that name, except {@code Content-Length}; what is never kept stays out.
   */
  static List<Map.Entry<String, String>> updatedHeaders(List<Map.Entry<String, String>> kept, MultiMap fresh) {
    List<Map.Entry<String, String>> update = keptHeaders(fresh).stream()
        .filter(h -> !h.getKey().equalsIgnoreCase("Content-Length")).toList();
    java.util.Set<String> replaced = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    update.forEach(h -> replaced.add(h.getKey()));
    List<Map.Entry<String, String>> out = new java.util.ArrayList<>();
    kept.stream().filter(h -> !replaced.contains(h.getKey())).forEach(out::add);
    out.addAll(update);
    return out;
  }

  String headersJson() {
    return KeptHeaders.toJson(headers);
  }

  static List<Map.Entry<String, String>> headersFromJson(String json) {
    return KeptHeaders.fromJson(json);
  }
}
