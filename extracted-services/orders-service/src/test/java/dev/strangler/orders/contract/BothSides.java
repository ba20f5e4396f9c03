package dev.strangler.orders.contract;

import static org.awaitility.Awaitility.await;

import dev.strangler.orders.OrdersHarness;
import dev.strangler.testsupport.AcmeShopProcess;
import dev.strangler.testsupport.PostgresDatabase;
import dev.strangler.testsupport.RealPostgres;
import dev.strangler.testsupport.RealRedis;
import dev.strangler.testsupport.RedisNamespace;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import redis.clients.jedis.Jedis;

/**
 * The real monolith (its jar, seeded, on a database and Redis prefix of its own) and, once asked, orders-service
 * sharing its sessions and fed its events (its outbox relayed to orders-service's streams), the product projection
 * complete before any test runs.
 */
final class BothSides implements AutoCloseable {

  final PostgresDatabase db;
  final RedisNamespace redis;
  final AcmeShopProcess monolith;
  OrdersHarness orders;
  private OutboxFeed feed;
  private Jedis jedis;

  BothSides(String label, Map<String, String> monolithSettings) {
    db = RealPostgres.newDatabase(label);
    redis = RealRedis.newNamespace(label);
    // Its reverse sync (when a test turns it on) reads orders-service's stream under this test's prefix.
    Map<String, String> settings = new HashMap<>(Map.of("ACME_REVERSE_SYNC_KEY_PREFIX", redis.prefix()));
    settings.putAll(monolithSettings);
    monolith = AcmeShopProcess.start(db, redis, Path.of("target", label), settings);
  }

  /** Starts orders-service on the monolith's sessions with {@code env} added, and waits until it knows every product. */
  OrdersHarness startOrders(Map<String, String> env) throws Exception {
    Map<String, String> all = new HashMap<>(Map.of("ORDERS_SESSION_NAMESPACE", monolith.sessionNamespace(),
        "ORDERS_REDIS_URL", redis.endpoint().uri()));
    all.putAll(env);
    orders = new OrdersHarness(db.name() + "_svc", all, true);
    jedis = orders.redis.endpoint().connect();
    feed = new OutboxFeed(db, jedis, orders.redis.prefix());
    relay();
    long products = Long.parseLong(query("select count(*) from products"));
    await().atMost(Duration.ofMinutes(2)).until(() -> orders.count("orders_service.products") == products);
    return orders;
  }

  /** The monolith's new outbox rows to orders-service's streams. */
  void relay() throws Exception {
    feed.relay();
  }

  /** The first column of the first row, in the monolith's database. */
  String query(String sql) throws Exception {
    try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  void execute(String sql) throws Exception {
    try (Connection c = db.connect(); Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  @Override
  public void close() {
    if (orders != null) {
      orders.close();
    }
    if (jedis != null) {
      jedis.close();
    }
    monolith.close();
    redis.close();
    db.close();
  }
}
