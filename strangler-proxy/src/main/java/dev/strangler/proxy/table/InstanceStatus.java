package dev.strangler.proxy.table;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * What one proxy instance reports about itself to the fleet.
 *
 * @param appliedEpoch the epoch it routes by
 * @param rejectedEpoch the newest epoch it refused (invalid for it), or 0
 * @param seenAt when it last reported; an old one means the instance is gone or cut off
 */
public record InstanceStatus(String id, long appliedEpoch, long rejectedEpoch, List<String> rejectedProblems,
                             Instant startedAt, Instant seenAt) {

  public InstanceStatus {
    rejectedProblems = rejectedProblems == null ? List.of() : List.copyOf(rejectedProblems);
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("appliedEpoch", appliedEpoch).put("rejectedEpoch", rejectedEpoch)
        .put("rejectedProblems", new JsonArray(rejectedProblems))
        .put("startedAt", startedAt.toString()).put("seenAt", seenAt.toString());
  }

  public static InstanceStatus fromJson(JsonObject json) {
    return new InstanceStatus(json.getString("id"), json.getLong("appliedEpoch", 0L), json.getLong("rejectedEpoch", 0L),
        json.getJsonArray("rejectedProblems", new JsonArray()).stream().map(String::valueOf).toList(),
        Instant.parse(json.getString("startedAt")), Instant.parse(json.getString("seenAt")));
  }
}
