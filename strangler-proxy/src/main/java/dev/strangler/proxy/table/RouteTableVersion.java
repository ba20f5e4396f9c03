package dev.strangler.proxy.table;

import dev.strangler.proxy.route.RouteTableCodec;
import dev.strangler.proxy.route.RouteTableDefinition;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One version of the fleet's route table: its epoch, who made it, when, why, and what changed.
 *
 * @param diff one line per change against the previous version (see {@link RouteTableDiff})
 */
public record RouteTableVersion(long epoch, RouteTableDefinition table, String actor, Instant time, String reason, List<String> diff) {

  public RouteTableVersion {
    Objects.requireNonNull(table, "table == null");
    diff = diff == null ? List.of() : List.copyOf(diff);
  }

  public JsonObject toJson() {
    return summary().put("table", new JsonObject(RouteTableCodec.toJson(table)));
  }

  /** Everything but the table itself. */
  public JsonObject summary() {
    return new JsonObject().put("epoch", epoch).put("actor", actor).put("time", time == null ? null : time.toString())
        .put("reason", reason).put("diff", new JsonArray(diff));
  }
}
