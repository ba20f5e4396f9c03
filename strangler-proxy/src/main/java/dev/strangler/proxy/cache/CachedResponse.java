package dev.strangler.proxy.cache;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One kept answer: status, the backend's headers (connection-level ones left out) and body.
 *
 * @param ageSeconds how old it was when kept (the backend's {@code Age}, if any)
 */
record CachedResponse(int status, List<Map.Entry<String, String>> headers, Buffer body, long ageSeconds) {

  /** Headers of one connection, never kept; {@code Age} is worked out anew on each hit. */
  private static final Set<String> NOT_KEPT = Set.of("connection", "keep-alive", "proxy-authenticate",
      "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "age", "set-cookie");

  CachedResponse {
    headers = List.copyOf(headers);
  }

  /** What of {@code headers} is kept: all but connection-level ones and those {@code Connection} names. */
  static List<Map.Entry<String, String>> keptHeaders(MultiMap headers) {
    Set<String> named = new java.util.HashSet<>();
    headers.getAll("Connection").forEach(v -> {
      for (String n : v.split(",")) {
        named.add(n.trim().toLowerCase(Locale.ROOT));
      }
    });
    List<Map.Entry<String, String>> kept = new ArrayList<>();
    for (Map.Entry<String, String> h : headers) {
      String lower = h.getKey().toLowerCase(Locale.ROOT);
      if (!NOT_KEPT.contains(lower) && !named.contains(lower)) {
        kept.add(Map.entry(h.getKey(), h.getValue()));
      }
    }
    return kept;
  }

  String headersJson() {
    JsonArray out = new JsonArray();
    headers.forEach(h -> out.add(new JsonArray().add(h.getKey()).add(h.getValue())));
    return out.encode();
  }

  static List<Map.Entry<String, String>> headersFromJson(String json) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    new JsonArray(json).forEach(o -> {
      JsonArray pair = (JsonArray) o;
      out.add(Map.entry(pair.getString(0), pair.getString(1)));
    });
    return out;
  }
}
