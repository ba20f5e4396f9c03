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

  String headersJson() {
    return KeptHeaders.toJson(headers);
  }

  static List<Map.Entry<String, String>> headersFromJson(String json) {
    return KeptHeaders.fromJson(json);
  }
}
