package dev.strangler.proxy.redis;

import io.vertx.redis.client.Response;
import java.util.HashMap;
import java.util.Map;

/** The fields of one Redis stream entry, as RESP3 (a map) or RESP2 (a flat list of field, value) answers them. */
public final class StreamFields {

  private StreamFields() {}

  public static Map<String, String> of(Response values) {
    Map<String, String> fields = new HashMap<>();
    if (values == null) {
      return fields;
    }
    if (values.isMap()) {
      values.getKeys().forEach(f -> fields.put(f, values.get(f).toString()));
    } else {
      for (int i = 0; i + 1 < values.size(); i += 2) {
        fields.put(values.get(i).toString(), values.get(i + 1).toString());
      }
    }
    return fields;
  }
}
