package dev.strangler.orders.cart;

import dev.strangler.servicekit.redis.LuaScript;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The cart where the monolith keeps it (contract C6): the field {@code sessionAttr:cart} of Spring Session's hash
 * {@code <namespace>:sessions:<id>}, a JSON object of SKU to quantity. Whichever side serves, the cart is the same.
 */
public final class SessionCarts {

  public static final String FIELD = "sessionAttr:cart";
  /** The cart's attribute name in a sandboxed copy's session snapshot (the proxy's {@code sandboxSession: [cart]}). */
  public static final String SNAPSHOT_ATTRIBUTE = "cart";
  /** Spring Session's default (the monolith's {@code spring.session.timeout=30m}). */
  public static final Duration DEFAULT_MAX_INACTIVE = Duration.ofMinutes(30);

  // Only into a live session (Spring Session treats a hash without lastAccessedTime as none): a logout in between is not undone.
  private static final LuaScript WRITE = LuaScript.of("""
      if redis.call('HEXISTS', KEYS[1], 'lastAccessedTime') == 0 then return 0 end
      if ARGV[1] == '' then redis.call('HDEL', KEYS[1], ARGV[2]) else redis.call('HSET', KEYS[1], ARGV[2], ARGV[1]) end
      return 1
      """);
  // A new anonymous session as Spring Session saves one, holding the cart; never over an existing one.
  private static final LuaScript CREATE = LuaScript.of("""
      if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
      redis.call('HSET', KEYS[1], 'creationTime', ARGV[1], 'lastAccessedTime', ARGV[1], 'maxInactiveInterval', ARGV[2], ARGV[4], ARGV[3])
      redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 1000)
      return 1
      """);

  private final Redis redis;
  private final String namespace;
  private final Clock clock;

  public SessionCarts(Redis redis, String namespace, Clock clock) {
    this.redis = Objects.requireNonNull(redis, "redis == null");
    this.namespace = Objects.requireNonNull(namespace, "namespace == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  public String key(String sessionId) {
    return namespace + ":sessions:" + sessionId;
  }

  /** The cart in insertion order, only positive quantities (as the monolith reads it); empty without a session or a cart. */
  public Future<Map<String, Integer>> read(String sessionId) {
    if (sessionId == null) {
      return Future.succeededFuture(new LinkedHashMap<>());
    }
    return redis.send(Request.cmd(Command.HGET).arg(key(sessionId)).arg(FIELD)).map(reply -> parse(reply == null ? null : reply.toString()));
  }

  static Map<String, Integer> parse(String stored) {
    if (stored == null) {
      return new LinkedHashMap<>();
    }
    try {
      return cart(new JsonObject(stored));
    } catch (DecodeException | ClassCastException e) {
      // Not a cart the monolith wrote: treated as none, as the monolith does with a non-map attribute.
      return new LinkedHashMap<>();
    }
  }

  /**
   * The cart a sandboxed copy's session snapshot holds, read as {@link #read} reads the session's: its {@value
   * #SNAPSHOT_ATTRIBUTE} as the session held it when the request reached the proxy (null or not an object: empty).
   * Empty when the snapshot does not name the cart at all: then it says nothing of it, and the session is read.
   */
  public static Optional<Map<String, Integer>> fromSnapshot(JsonObject snapshot) {
    if (!snapshot.containsKey(SNAPSHOT_ATTRIBUTE)) {
      return Optional.empty();
    }
    return Optional.of(snapshot.getValue(SNAPSHOT_ATTRIBUTE) instanceof JsonObject stored ? cart(stored) : new LinkedHashMap<>());
  }

  /** The positive quantities of {@code stored}, in its order. */
  private static Map<String, Integer> cart(JsonObject stored) {
    Map<String, Integer> cart = new LinkedHashMap<>();
    stored.forEach(e -> {
      if (e.getValue() instanceof Number n && n.intValue() > 0) {
        cart.put(e.getKey(), n.intValue());
      }
    });
    return cart;
  }

  /** Stores the whole cart (an empty one removes the field); yields false when the session no longer exists. */
  public Future<Boolean> write(String sessionId, Map<String, Integer> cart) {
    return WRITE.run(redis, List.of(key(sessionId)), List.of(cart.isEmpty() ? "" : encode(cart), FIELD)).map(r -> r.toInteger() == 1);
  }

  /** Removes the cart after checkout; a session gone meanwhile is fine. */
  public Future<Void> clear(String sessionId) {
    return write(sessionId, Map.of()).mapEmpty();
  }

  /** A new anonymous session holding {@code cart}; yields its id (the cookie carries its base64). */
  public Future<String> create(Map<String, Integer> cart) {
    String id = UUID.randomUUID().toString();
    return CREATE.run(redis, List.of(key(id)), List.of(Long.toString(clock.millis()), Long.toString(DEFAULT_MAX_INACTIVE.toSeconds()),
            encode(cart), FIELD))
        .compose(r -> r.toInteger() == 1 ? Future.succeededFuture(id) : Future.failedFuture("session id collision"));
  }

  private static String encode(Map<String, Integer> cart) {
    return new JsonObject(new LinkedHashMap<>(cart)).encode();
  }
}
