package dev.strangler.catalog.readmodel;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import dev.strangler.catalog.search.Substrings;
import dev.strangler.catalog.search.TsVector;
import dev.strangler.servicekit.events.EventEffect;
import dev.strangler.servicekit.redis.LuaScript;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The one way into the read model: applies a product snapshot (upsert) or a deletion atomically (one
 * Lua script each) and idempotently; a snapshot older than what is held is ignored (by version: an event's
 * sequence or a backfill page's watermark; then by {@code updatedAt}). Backfill and the product event
 * consumer both go through it.
 */
public final class ProductProjection {

  /** What applying did. */
  public enum Outcome { CREATED, UPDATED, DELETED, ABSENT, STALE }

  private static final LuaScript UPSERT = LuaScript.load(ProductProjection.class, "upsert.lua");
  private static final LuaScript DELETE = LuaScript.load(ProductProjection.class, "unindex.lua", "delete.lua");

  private final Redis redis;
  private final ReadModelKeys keys;

  public ProductProjection(Redis redis, ReadModelKeys keys) {
    this.redis = Objects.requireNonNull(redis, "redis == null");
    this.keys = Objects.requireNonNull(keys, "keys == null");
  }

  /** Applies a snapshot that has no version (no events configured): the newer {@code updatedAt} wins. */
  public Future<Outcome> apply(ProductSnapshot p) {
    return apply(p, 0);
  }

  /**
   * Applies a backfilled snapshot read when the product stream's last sequence was {@code watermark}: it
   * holds every event up to there, so it replaces state from those, never state from a later event.
   */
  public Future<Outcome> apply(ProductSnapshot p, long watermark) {
    return UPSERT.run(redis, routing(p.sku()), args(p, watermark, "snapshot")).map(r -> outcome(r.toString()));
  }

  /**
   * The effect of a product event carrying {@code p} at outbox {@code sequence}, for the event consumer to run
   * under its guard: applied only above the version held, whatever {@code updatedAt} says.
   */
  public EventEffect eventEffect(ProductSnapshot p, long sequence) {
    return EventEffect.script(UPSERT, args(p, sequence, "event"));
  }

  /**
   * The scripts name their keys in ARGV; the product's key is declared as well so that a Cluster client sends them to the
   * read model's slot (every key shares the prefix's hash tag there), not to any node.
   */
  private List<String> routing(String sku) {
    return List.of(keys.product(sku));
  }

  private List<String> args(ProductSnapshot p, long version, String kind) {
    TsVector text = TsVector.of(p.name() + " " + p.description());
    return List.of(keys.prefix(), p.sku(), Long.toString(p.updatedMicros()), p.toJson().encode(),
        p.name(), p.category(), Integer.toString(p.stock()), Long.toString(p.priceCents()), text.toString(),
        new JsonArray(List.copyOf(text.lexemes())).encode(),
        new JsonArray(List.copyOf(Substrings.grams(p.name(), p.sku()))).encode(), Long.toString(version), kind);
  }

  /** Deletes the product as of {@code at}; snapshots up to that time are ignored from then on. */
  public Future<Outcome> delete(String sku, Instant at) {
    return DELETE.run(redis, routing(sku), List.of(keys.prefix(), sku, Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, at))))
        .map(r -> outcome(r.toString()));
  }

  /** Adds or renames categories; a category's product count is always the read model's own. */
  public Future<Void> putCategories(List<CategorySnapshot> categories) {
    if (categories.isEmpty()) {
      return Future.succeededFuture();
    }
    Request hset = Request.cmd(Command.HSET).arg(keys.categories());
    categories.forEach(c -> hset.arg(c.slug()).arg(c.name()));
    return redis.send(hset).mapEmpty();
  }

  private static Outcome outcome(String reply) {
    return Outcome.valueOf(reply.toUpperCase(Locale.ROOT));
  }
}
