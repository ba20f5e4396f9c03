package dev.strangler.proxy.forward;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A response's headers as kept to answer with again (the response cache, idempotency replays): in order, without
 * those of one connection and those {@code Connection} names, as a JSON list of pairs in Redis.
 */
public final class KeptHeaders {

  /** Headers of one connection, never kept. */
  private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
      "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade");

  private KeptHeaders() {}

  /** The end-to-end headers of {@code headers}, less the lower-case names in {@code alsoLeftOut}. */
  public static List<Map.Entry<String, String>> of(MultiMap headers, Set<String> alsoLeftOut) {
    Set<String> named = new HashSet<>();
    headers.getAll("Connection").forEach(v -> {
      for (String n : v.split(",")) {
        named.add(n.trim().toLowerCase(Locale.ROOT));
      }
    });
    List<Map.Entry<String, String>> kept = new ArrayList<>();
    for (Map.Entry<String, String> h : headers) {
      String lower = h.getKey().toLowerCase(Locale.ROOT);
      if (!HOP_BY_HOP.contains(lower) && !alsoLeftOut.contains(lower) && !named.contains(lower)) {
        kept.add(Map.entry(h.getKey(), h.getValue()));
      }
    }
    return kept;
  }

  public static String toJson(List<Map.Entry<String, String>> headers) {
    JsonArray out = new JsonArray();
    headers.forEach(h -> out.add(new JsonArray().add(h.getKey()).add(h.getValue())));
    return out.encode();
  }

  public static List<Map.Entry<String, String>> fromJson(String json) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    new JsonArray(json).forEach(o -> {
      JsonArray pair = (JsonArray) o;
      out.add(Map.entry(pair.getString(0), pair.getString(1)));
    });
    return out;
  }
}
