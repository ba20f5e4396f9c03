package dev.strangler.proxy.idempotency;

import dev.strangler.proxy.forward.KeptHeaders;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The response a first keyed request got, kept to answer its retries: status, end-to-end headers, body. */
record StoredAnswer(int status, List<Map.Entry<String, String>> headers, Buffer body) {

  /**
   * Besides those of one connection: the length is worked out anew, and {@code Set-Cookie} is not replayed (it could undo
   * a session rotated since).
   */
  private static final Set<String> NOT_KEPT = Set.of("content-length", "set-cookie");

  StoredAnswer {
    headers = List.copyOf(headers);
  }

  static List<Map.Entry<String, String>> endToEnd(MultiMap headers) {
    return KeptHeaders.of(headers, NOT_KEPT);
  }

  String headersJson() {
    return KeptHeaders.toJson(headers);
  }

  static StoredAnswer of(int status, String headersJson, Buffer body) {
    return new StoredAnswer(status, KeptHeaders.fromJson(headersJson), body);
  }
}
