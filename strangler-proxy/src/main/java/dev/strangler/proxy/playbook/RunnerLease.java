package dev.strangler.proxy.playbook;

import io.vertx.core.json.JsonObject;

/**
 * Who runs a subdomain's playbook: the lease a playbook runner holds while it drives the playbook, so a second runner is
 * refused instead of racing the first. It lapses {@code expiresInMs} from now unless its holder renews it.
 *
 * @param holder      the runner's own id (random, per run)
 * @param actor       who started that run (the admin API's actor)
 * @param note        where it runs, as the runner says (host, pid)
 * @param since       when the holder took it
 * @param expiresInMs milliseconds until it lapses
 */
public record RunnerLease(String holder, String actor, String note, String since, long expiresInMs) {

  /** Longest holder id and note taken. */
  public static final int MAX_HOLDER = 100;
  public static final int MAX_NOTE = 200;
  /** Shortest and longest lease a runner may ask for. */
  public static final long MIN_TTL_MS = 1_000;
  public static final long MAX_TTL_MS = 600_000;

  public JsonObject toJson() {
    return new JsonObject().put("holder", holder).put("actor", actor).put("note", note).put("since", since)
        .put("expiresInMs", expiresInMs);
  }

  /** One line for a refusal: who holds it, from where, since when, and when it lapses. */
  public String describe() {
    return "held by " + actor + (note == null || note.isEmpty() ? "" : " (" + note + ")") + " since " + since
        + "; it lapses in " + Math.max(1, (expiresInMs + 999) / 1000) + " s unless its runner renews it";
  }
}
