package dev.strangler.proxy.table;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Reads what every proxy instance of the fleet reported, and whether a flip is done everywhere. */
public final class FleetStatus {

  /** An instance not heard from for this long is reported stale (and does not hold up confirmations). */
  public static final Duration DEFAULT_STALE_AFTER = Duration.ofSeconds(5);

  private final RedisRouteStore store;
  private final Duration staleAfter;
  private final Clock clock;

  public FleetStatus(RedisRouteStore store, Duration staleAfter, Clock clock) {
    this.store = store;
    this.staleAfter = staleAfter;
    this.clock = clock;
  }

  /** One instance as reported, with whether it is stale. */
  public record Member(InstanceStatus status, boolean stale) {
    public JsonObject toJson() {
      return status.toJson().put("stale", stale);
    }
  }

  public Future<List<Member>> members() {
    return store.send(Request.cmd(Command.HVALS).arg(store.keys().instances())).map(values -> {
      List<Member> out = new ArrayList<>();
      if (values != null) {
        for (Response value : values) {
          InstanceStatus s = InstanceStatus.fromJson(new JsonObject(value.toString()));
          out.add(new Member(s, s.seenAt().plus(staleAfter).isBefore(clock.instant())));
        }
      }
      out.sort(Comparator.comparing(m -> m.status().id()));
      return out;
    });
  }

  /** True when every live (non-stale) instance has applied at least {@code epoch}. */
  public static boolean allApplied(List<Member> members, long epoch) {
    return members.stream().filter(m -> !m.stale()).allMatch(m -> m.status().appliedEpoch() >= epoch);
  }
}
