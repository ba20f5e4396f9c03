package dev.strangler.servicekit.events;

import java.util.Map;

/** One stream entry as read; {@code fields} is null when the entry was deleted (trimmed) while pending. */
record StreamEntry(String stream, String id, Map<String, String> fields) {

  boolean deleted() {
    return fields == null;
  }

  /** Orders one aggregate's entries; an undecodable entry is its own "aggregate" (nothing to order it with). */
  String orderKey() {
    if (fields == null || fields.get("aggregateType") == null || fields.get("aggregateId") == null) {
      return stream + "\0" + id;
    }
    return stream + "\0" + fields.get("aggregateType") + "\0" + fields.get("aggregateId");
  }
}
