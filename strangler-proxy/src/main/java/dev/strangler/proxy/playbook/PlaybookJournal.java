package dev.strangler.proxy.playbook;

import dev.strangler.proxy.redis.RedisScript;
import dev.strangler.proxy.redis.StreamFields;
import dev.strangler.redis.vertx.BoundedRedis;
import dev.strangler.redis.vertx.RedisClientOptions;
import dev.strangler.redis.vertx.SwitchingRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The playbook journal in the fleet's Redis: per subdomain a stream of its transitions (trimmed to about
 * {@value #MAX_ENTRIES}) and a hash of where its playbook stands, both written by one script, so every proxy instance
 * answers the same; and the runner lease, which one playbook runner per subdomain holds while it runs, so that a second
 * runner is refused (a transition recorded for a runner is refused while another holds the lease). The state is read,
 * then rewritten: one writer per subdomain is expected, which the lease makes sure of.
 */
public final class PlaybookJournal {

  /** Transitions kept per subdomain (about: {@code MAXLEN ~}). */
  public static final int MAX_ENTRIES = 1_000;

  /** A transition as recorded: its stream id, when and by whom. */
  public record Recorded(String id, String at, String actor) {
    public JsonObject toJson() {
      return new JsonObject().put("id", id).put("at", at).put("actor", actor);
    }
  }

  private final BoundedRedis redis;
  private final PlaybookKeys keys;
  private final Clock clock;

  public PlaybookJournal(Vertx vertx, String redisUrl, PlaybookKeys keys, Duration timeout, Clock clock) {
    this.redis = BoundedRedis.wrap(SwitchingRedis.create(vertx, RedisClientOptions.of(redisUrl)), timeout);
    this.keys = keys;
    this.clock = clock;
  }

  /** Records {@code transition} of {@code subdomain}'s playbook by {@code actor}: appended to its stream, its state updated. */
  public Future<Recorded> record(String subdomain, Transition transition, String actor) {
    return record(subdomain, transition, actor, null);
  }

  /**
   * Records {@code transition} as {@link #record(String, Transition, String)} does; with a {@code runner} (a lease
   * holder), only while no other runner holds {@code subdomain}'s lease, else it fails with {@link LeaseHeld}.
   */
  public Future<Recorded> record(String subdomain, Transition transition, String actor, String runner) {
    String at = clock.instant().toString();
    List<Object> fields = new ArrayList<>(List.of("at", at, "actor", actor, "kind", transition.kind().label(),
        "step", transition.step(), "stepIndex", transition.stepIndex(), "steps", transition.steps(), "state", transition.state().label()));
    if (transition.from() != null) {
      fields.addAll(List.of("from", transition.from()));
    }
    if (transition.reason() != null) {
      fields.addAll(List.of("reason", transition.reason()));
    }
    if (transition.numbers() != null) {
      fields.addAll(List.of("numbers", transition.numbers().encode()));
    }
    List<Object> args = new ArrayList<>(List.of(runner == null ? "" : runner, MAX_ENTRIES, subdomain, fields.size()));
    args.addAll(fields);
    args.addAll(List.of(PlaybookState.keepsSince(transition) ? "1" : "0", transition.step(), at));
    PlaybookState.after(transition, actor, at).forEach((field, value) -> {
      args.add(field);
      args.add(value);
    });
    return RECORD.run(redis::send, List.of(keys.journal(subdomain), keys.state(subdomain), keys.subdomains(), keys.runner(subdomain)), args)
        .map(reply -> {
          if (reply.get(0).toInteger() == 0) {
            throw new LeaseHeld(lease(reply));
          }
          return new Recorded(reply.get(1).toString(), at, actor);
        });
  }

  /**
   * Takes or renews {@code subdomain}'s runner lease for {@code holder}, lapsing {@code ttl} from now; refused while
   * another holder has it, unless {@code takeOver}.
   */
  public Future<Claim> claim(String subdomain, String holder, String actor, String note, Duration ttl, boolean takeOver) {
    return CLAIM.run(redis::send, List.of(keys.runner(subdomain)),
            List.of(holder, ttl.toMillis(), actor, note, clock.instant().toString(), takeOver ? "1" : "0"))
        .map(reply -> new Claim(reply.get(0).toInteger() == 1, lease(reply),
            reply.size() > 6 ? Claim.Change.values()[reply.get(6).toInteger()] : Claim.Change.NONE));
  }

  /** Lets {@code subdomain}'s lease go if {@code holder} has it; the other holder's lease when someone else has it. */
  public Future<Optional<RunnerLease>> release(String subdomain, String holder) {
    return RELEASE.run(redis::send, List.of(keys.runner(subdomain)), List.of(holder))
        .map(reply -> reply.get(0).toInteger() == 1 ? Optional.<RunnerLease>empty() : Optional.of(lease(reply)));
  }

  /** Who holds {@code subdomain}'s runner lease; empty when nobody does. */
  public Future<Optional<RunnerLease>> runner(String subdomain) {
    return redis.batch(List.of(Request.cmd(Command.HGETALL).arg(keys.runner(subdomain)), Request.cmd(Command.PTTL).arg(keys.runner(subdomain))))
        .map(replies -> {
          Map<String, String> fields = StreamFields.of(replies.get(0));
          long ttl = replies.get(1).toLong();
          return fields.get("holder") == null || ttl < 0 ? Optional.<RunnerLease>empty() : Optional.of(new RunnerLease(
              fields.get("holder"), fields.get("actor"), fields.get("note"), fields.get("since"), ttl));
        });
  }

  /**
   * What a claim did.
   *
   * @param granted whether the caller holds the lease now
   * @param lease   the lease as it stands: the caller's when granted, else the other holder's
   * @param change  what changed: nothing (a renewal), a new lease, or another holder's taken over
   */
  public record Claim(boolean granted, RunnerLease lease, Change change) {
    public enum Change { NONE, NEW, TAKEN_OVER }
  }

  /** A write refused because another runner holds the subdomain's lease. */
  public static final class LeaseHeld extends RuntimeException {
    private final RunnerLease lease;

    LeaseHeld(RunnerLease lease) {
      super("the runner lease is " + lease.describe(), null, false, false);
      this.lease = lease;
    }

    public RunnerLease lease() {
      return lease;
    }
  }

  /** Replies of the scripts: {flag, holder, actor, note, since, ms to lapse[, change]}. */
  private static RunnerLease lease(Response reply) {
    return new RunnerLease(reply.get(1).toString(), reply.get(2).toString(), reply.get(3).toString(), reply.get(4).toString(),
        reply.get(5).toLong());
  }

  /** The lease's fields as the scripts answer them after {@code flag}: KEYS[1] must be the lease. */
  private static final String LEASE_REPLY = "redis.call('HGET', %1$s, 'holder') or '', redis.call('HGET', %1$s, 'actor') or '', "
      + "redis.call('HGET', %1$s, 'note') or '', redis.call('HGET', %1$s, 'since') or '', redis.call('PTTL', %1$s)";

  /** KEYS: lease. ARGV: holder, ttl ms, actor, note, now, take over (1/0). */
  private static final RedisScript CLAIM = new RedisScript("""
      local cur = redis.call('HGET', KEYS[1], 'holder')
      if cur and cur ~= ARGV[1] and ARGV[6] ~= '1' then
        return {0, %1$s}
      end
      local change = 0
      if cur ~= ARGV[1] then
        redis.call('DEL', KEYS[1])
        redis.call('HSET', KEYS[1], 'holder', ARGV[1], 'actor', ARGV[3], 'note', ARGV[4], 'since', ARGV[5])
        change = cur and 2 or 1
      end
      redis.call('PEXPIRE', KEYS[1], ARGV[2])
      return {1, %1$s, change}
      """.formatted(LEASE_REPLY.formatted("KEYS[1]")));

  /** KEYS: lease. ARGV: holder. */
  private static final RedisScript RELEASE = new RedisScript("""
      local cur = redis.call('HGET', KEYS[1], 'holder')
      if cur and cur ~= ARGV[1] then
        return {0, %1$s}
      end
      redis.call('DEL', KEYS[1])
      return {1}
      """.formatted(LEASE_REPLY.formatted("KEYS[1]")));

  /**
   * KEYS: journal stream, state hash, subdomain set, lease. ARGV: runner ('' for none), stream length, subdomain, n, then n
   * stream fields and values, then whether {@code since} stays on the same step ('1'/'0'), the step and the time, then the
   * state's other fields and values. {@code since} is decided here, from the state as it is when written: read before the
   * script, another writer's transition in between could leave it one write old.
   */
  private static final RedisScript RECORD = new RedisScript("""
      if ARGV[1] ~= '' then
        local cur = redis.call('HGET', KEYS[4], 'holder')
        if cur and cur ~= ARGV[1] then
          return {0, %1$s}
        end
      end
      local n = tonumber(ARGV[4])
      local xadd = {'XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*'}
      for i = 5, 4 + n do xadd[#xadd + 1] = ARGV[i] end
      local id = redis.call(unpack(xadd))
      local since = ARGV[7 + n]
      if ARGV[5 + n] == '1' then
        local before = redis.call('HMGET', KEYS[2], 'step', 'since')
        if before[1] == ARGV[6 + n] and before[2] then since = before[2] end
      end
      local hset = {'HSET', KEYS[2], 'since', since}
      for i = 8 + n, #ARGV do hset[#hset + 1] = ARGV[i] end
      redis.call(unpack(hset))
      redis.call('SADD', KEYS[3], ARGV[3])
      return {1, id}
      """.formatted(LEASE_REPLY.formatted("KEYS[4]")));

  /** Where {@code subdomain}'s playbook stands; empty when it has none. */
  public Future<Optional<PlaybookState>> state(String subdomain) {
    return send(Request.cmd(Command.HGETALL).arg(keys.state(subdomain))).map(reply -> {
      Map<String, String> fields = StreamFields.of(reply);
      return fields.isEmpty() ? Optional.empty() : Optional.of(new PlaybookState(subdomain, fields));
    });
  }

  /** Every subdomain's playbook state, by subdomain. */
  public Future<List<PlaybookState>> states() {
    return send(Request.cmd(Command.SMEMBERS).arg(keys.subdomains()))
        .map(r -> r == null ? List.<String>of() : r.stream().map(Response::toString).sorted().toList())
        .compose(subdomains -> Future.all(subdomains.stream().map(this::state).toList()))
        .map(all -> all.<Optional<PlaybookState>>list().stream().flatMap(Optional::stream).toList());
  }

  /** {@code subdomain}'s newest transitions, at most {@code limit}, newest first. */
  public Future<List<JsonObject>> transitions(String subdomain, int limit) {
    return send(Request.cmd(Command.XREVRANGE).arg(keys.journal(subdomain)).arg("+").arg("-").arg("COUNT").arg(limit))
        .map(page -> {
          List<JsonObject> out = new ArrayList<>();
          for (int i = 0; page != null && i < page.size(); i++) {
            Map<String, String> fields = StreamFields.of(page.get(i).get(1));
            String numbers = fields.get("numbers");
            out.add(new JsonObject().put("id", page.get(i).get(0).toString()).put("at", fields.get("at"))
                .put("actor", fields.get("actor")).put("kind", fields.get("kind")).put("step", fields.get("step"))
                .put("from", fields.get("from")).put("state", fields.get("state")).put("reason", fields.get("reason"))
                .put("numbers", numbers == null ? null : new JsonObject(numbers)));
          }
          return out;
        });
  }

  public Future<Void> close() {
    return redis.close();
  }

  private Future<Response> send(Request request) {
    return redis.send(request);
  }
}
