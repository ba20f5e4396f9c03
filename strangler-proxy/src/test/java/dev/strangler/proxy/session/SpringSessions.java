package dev.strangler.proxy.session;

import dev.strangler.testsupport.RedisEndpoint;
import dev.strangler.testsupport.RedisNamespace;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import redis.clients.jedis.Jedis;

/**
 * Sessions written into Redis exactly as the monolith's Spring Session (RedisSessionRepository with its JSON
 * serializer) writes them: one hash {@code <namespace>:sessions:<id>}, every value JSON, expiring at the last
 * access plus the inactivity interval. Checked against a real login (see {@code MonolithSessionIT}).
 */
public final class SpringSessions {

  static final int MAX_INACTIVE_SECONDS = 1800;

  private final RedisEndpoint redis;
  private final String namespace;

  /** {@code namespace} as Spring Session's {@code spring.session.data.redis.namespace}, without the trailing ':'. */
  public SpringSessions(RedisEndpoint redis, String namespace) {
    this.redis = redis;
    this.namespace = namespace;
  }

  /** A logged-in customer's session, last used {@code idleMillis} ago; returns its id. */
  public String loggedIn(long customerId, String email, long idleMillis) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("sessionAttr:customerId", Long.toString(customerId));
    attributes.put("sessionAttr:customerEmail", "\"" + email + "\"");
    return write(attributes, idleMillis);
  }

  /** A logged-in customer's session holding {@code cartJson} as the monolith stores its cart (SKU to quantity). */
  String loggedInWithCart(long customerId, String email, String cartJson) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("sessionAttr:customerId", Long.toString(customerId));
    attributes.put("sessionAttr:customerEmail", "\"" + email + "\"");
    attributes.put("sessionAttr:cart", cartJson);
    return write(attributes, 0);
  }

  /** A session with a cart and nobody logged in. */
  String anonymous() {
    return write(Map.of("sessionAttr:cart", "{\"ACME-00001\":2}"), 0);
  }

  /** Sessions under the test's own prefix: Spring Session's namespace is the prefix without its trailing ':'. */
  static SpringSessions of(RedisNamespace ns) {
    return new SpringSessions(ns.endpoint(), namespace(ns));
  }

  static String namespace(RedisNamespace ns) {
    return ns.prefix().substring(0, ns.prefix().length() - 1);
  }

  String key(String id) {
    return namespace + ":sessions:" + id;
  }

  /** The cookie the monolith sets for it: Spring Session writes the id base64-encoded. */
  public static String cookie(String id) {
    return Base64.getEncoder().encodeToString(id.getBytes(StandardCharsets.UTF_8));
  }

  Map<String, String> hash(String id) {
    try (Jedis jedis = redis.connect()) {
      return jedis.hgetAll(key(id));
    }
  }

  long lastAccessedTime(String id) {
    return Long.parseLong(hash(id).get("lastAccessedTime"));
  }

  /** Milliseconds until Redis expires the hash; negative when it has no TTL or is gone. */
  long pttl(String id) {
    try (Jedis jedis = redis.connect()) {
      return jedis.pttl(key(id));
    }
  }

  /** What the monolith's logout does: Spring Session deletes the hash. */
  void delete(String id) {
    try (Jedis jedis = redis.connect()) {
      jedis.del(key(id));
    }
  }

  /** Moves the whole session into the past, keeping its Redis TTL (Redis may expire a key a little late). */
  void idleFor(String id, long idleMillis) {
    try (Jedis jedis = redis.connect()) {
      jedis.hset(key(id), "lastAccessedTime", Long.toString(System.currentTimeMillis() - idleMillis));
    }
  }

  private String write(Map<String, String> attributes, long idleMillis) {
    String id = UUID.randomUUID().toString();
    long now = System.currentTimeMillis();
    long last = now - idleMillis;
    Map<String, String> hash = new LinkedHashMap<>();
    hash.put("creationTime", Long.toString(last));
    hash.put("lastAccessedTime", Long.toString(last));
    hash.put("maxInactiveInterval", Integer.toString(MAX_INACTIVE_SECONDS));
    hash.putAll(attributes);
    try (Jedis jedis = redis.connect()) {
      jedis.hset(key(id), hash);
      jedis.pexpireAt(key(id), last + MAX_INACTIVE_SECONDS * 1000L);
    }
    return id;
  }
}
