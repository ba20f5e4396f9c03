package dev.strangler.servicekit.events;

import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads stream replies in both protocols: RESP3 answers XREADGROUP and XINFO with maps, RESP2 with arrays. */
final class StreamReplies {

  private StreamReplies() {}

  /** XREADGROUP: null (nothing within BLOCK) or, per stream, its entries. */
  static List<StreamEntry> readGroup(Response reply) {
    List<StreamEntry> entries = new ArrayList<>();
    if (reply == null) {
      return entries;
    }
    if (reply.isMap()) {
      for (String stream : reply.getKeys()) {
        entries.addAll(entries(stream, reply.get(stream)));
      }
    } else {
      for (Response perStream : reply) {
        entries.addAll(entries(perStream.get(0).toString(), perStream.get(1)));
      }
    }
    return entries;
  }

  /** An array of {@code [id, [field, value…] or nil]}. */
  static List<StreamEntry> entries(String stream, Response list) {
    List<StreamEntry> entries = new ArrayList<>();
    if (list == null) {
      return entries;
    }
    for (Response entry : list) {
      if (entry == null) {
        continue;
      }
      entries.add(new StreamEntry(stream, entry.get(0).toString(), fields(entry.size() > 1 ? entry.get(1) : null)));
    }
    return entries;
  }

  private static Map<String, String> fields(Response raw) {
    if (raw == null) {
      return null;
    }
    Map<String, String> fields = new LinkedHashMap<>();
    if (raw.isMap()) {
      raw.getKeys().forEach(k -> fields.put(k, str(raw.get(k))));
    } else {
      for (int i = 0; i + 1 < raw.size(); i += 2) {
        fields.putIfAbsent(str(raw.get(i)), str(raw.get(i + 1)));
      }
    }
    return fields;
  }

  /** XAUTOCLAIM: {@code [cursor, entries, deleted ids]}. */
  record Claimed(String cursor, List<StreamEntry> entries, List<String> deletedIds) {}

  static Claimed autoClaim(String stream, Response reply) {
    List<String> deleted = new ArrayList<>();
    if (reply.size() > 2 && reply.get(2) != null) {
      reply.get(2).forEach(id -> deleted.add(id.toString()));
    }
    return new Claimed(reply.get(0).toString(), entries(stream, reply.get(1)), deleted);
  }

  /** One field of a reply that is a map (RESP3) or a flat name/value array (RESP2); null when absent or nil. */
  static Response field(Response reply, String name) {
    if (reply.isMap()) {
      return reply.get(name);
    }
    for (int i = 0; i + 1 < reply.size(); i += 2) {
      if (name.equals(str(reply.get(i)))) {
        return reply.get(i + 1);
      }
    }
    return null;
  }

  private static String str(Response r) {
    return r == null ? null : r.toString();
  }
}
