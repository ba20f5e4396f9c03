package dev.strangler.proxy.playbook;

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
 * {@value #MAX_ENTRIES}) and a hash of where its playbook stands, both written in one MULTI, so every proxy instance
 * answers the same. One writer per subdomain is expected (its playbook runner): the state is read, then rewritten.
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
    return state(subdomain).compose(before -> {
      String at = clock.instant().toString();
      Request xadd = Request.cmd(Command.XADD).arg(keys.journal(subdomain)).arg("MAXLEN").arg("~").arg(MAX_ENTRIES).arg("*")
          .arg("at").arg(at).arg("actor").arg(actor).arg("kind").arg(transition.kind().label()).arg("step").arg(transition.step())
          .arg("stepIndex").arg(transition.stepIndex()).arg("steps").arg(transition.steps()).arg("state").arg(transition.state().label());
      if (transition.from() != null) {
        xadd.arg("from").arg(transition.from());
      }
      if (transition.reason() != null) {
        xadd.arg("reason").arg(transition.reason());
      }
      if (transition.numbers() != null) {
        xadd.arg("numbers").arg(transition.numbers().encode());
      }
      Request hset = Request.cmd(Command.HSET).arg(keys.state(subdomain));
      PlaybookState.after(before.orElse(null), transition, actor, at).forEach((field, value) -> hset.arg(field).arg(value));
      List<Request> batch = List.of(Request.cmd(Command.MULTI), xadd, hset,
          Request.cmd(Command.SADD).arg(keys.subdomains()).arg(subdomain), Request.cmd(Command.EXEC));
      return redis.batch(batch)
          .map(replies -> new Recorded(replies.get(replies.size() - 1).get(0).toString(), at, actor));
    });
  }

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
