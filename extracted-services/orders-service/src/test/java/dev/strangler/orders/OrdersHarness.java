package dev.strangler.orders;

import dev.strangler.orders.stock.StockServer;
import dev.strangler.servicekit.identity.IdentityVerifier;
import dev.strangler.servicekit.identity.TestTokens;
import dev.strangler.testsupport.OnVertx;
import dev.strangler.testsupport.PostgresDatabase;
import dev.strangler.testsupport.PostgresEndpoint;
import dev.strangler.testsupport.RealPostgres;
import dev.strangler.testsupport.RealRedis;
import dev.strangler.testsupport.RedisNamespace;
import dev.strangler.servicekit.observe.ServiceMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import redis.clients.jedis.Jedis;

/**
 * orders-service for a test class: its own database on the real PostgreSQL, its own Redis prefix (sessions), the
 * reservation API as a real loopback server ({@link StockServer}), identity tokens signed as the proxy signs them.
 */
public final class OrdersHarness implements AutoCloseable {

  public static final String SERVICE = "orders-service";

  public final Vertx vertx;
  public final PostgresDatabase db;
  public final RedisNamespace redis;
  public final StockServer stock;
  public final OrdersApplication app;
  /** Where the sessions live: the namespace's Redis and prefix unless {@code extraEnv} names others. */
  private final URI sessionRedis;
  private final String sessionNamespace;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public OrdersHarness(String label, Map<String, String> extraEnv) {
    this(label, extraEnv, false);
  }

  /** With {@code events}, the service consumes the streams {@code <redis prefix>events:*} of the test's own Redis prefix. */
  public OrdersHarness(String label, Map<String, String> extraEnv, boolean events) {
    this(label, extraEnv, events, null);
  }

  /** With {@code metrics} (may be null), Vert.x is built with them and the service serves {@code /metrics}. */
  public OrdersHarness(String label, Map<String, String> extraEnv, boolean events, ServiceMetrics metrics) {
    vertx = metrics == null ? Vertx.vertx() : metrics.newVertx(new VertxOptions());
    db = RealPostgres.newDatabase(label);
    redis = RealRedis.newNamespace(label);
    stock = new StockServer(vertx);
    Map<String, String> env = new HashMap<>(Map.of(
        "ORDERS_HTTP_HOST", "127.0.0.1", "ORDERS_HTTP_PORT", "0",
        "ORDERS_DATABASE_URL", databaseUrl(db),
        "ORDERS_REDIS_URL", redis.endpoint().uri(),
        "ORDERS_SESSION_NAMESPACE", redis.prefix() + "acme:session",
        "ORDERS_MONOLITH_URL", stock.url(),
        "ORDERS_INTERNAL_TOKEN", StockServer.TOKEN,
        "ORDERS_IDENTITY_KEY", TestTokens.KEY));
    if (events) {
      env.put("ORDERS_EVENTS_REDIS_URL", redis.endpoint().uri());
      env.put("ORDERS_EVENTS_PREFIX", redis.prefix());
    }
    env.putAll(extraEnv);
    sessionRedis = URI.create(env.get("ORDERS_REDIS_URL"));
    sessionNamespace = env.get("ORDERS_SESSION_NAMESPACE");
    OrdersSettings settings = OrdersSettings.fromEnvironment(env);
    app = OnVertx.await(vertx, () -> new OrdersApplication(vertx, settings, metrics).start());
  }

  public static String databaseUrl(PostgresDatabase db) {
    PostgresEndpoint e = db.endpoint();
    String user = e.username() + (e.password() == null ? "" : ":" + e.password());
    return "postgresql://" + user + "@" + e.host() + ":" + e.port() + "/" + db.name();
  }

  public String base() {
    return "http://127.0.0.1:" + app.port();
  }

  /** A product in the live projection, as its events would have left it. */
  public void product(String sku, String name, String price, int stockLevel) {
    sql("insert into orders_service.products (sku, name, price, stock, updated_at) values ('" + sku + "', '" + name + "', " + price
        + ", " + stockLevel + ", now()) on conflict (sku) do update set name = excluded.name, price = excluded.price, stock = excluded.stock");
    stock.stock.put(sku, stockLevel);
  }

  /** A Spring Session hash as the monolith saves it, holding {@code cart}; yields the session id. */
  public String session(Map<String, Integer> cart) {
    String id = UUID.randomUUID().toString();
    try (Jedis jedis = new Jedis(sessionRedis)) {
      Map<String, String> fields = new LinkedHashMap<>();
      long now = System.currentTimeMillis();
      fields.put("creationTime", Long.toString(now));
      fields.put("lastAccessedTime", Long.toString(now));
      fields.put("maxInactiveInterval", "1800");
      if (!cart.isEmpty()) {
        fields.put("sessionAttr:cart", new JsonObject(new LinkedHashMap<>(cart)).encode());
      }
      jedis.hset(sessionKey(id), fields);
      jedis.expire(sessionKey(id), 1800);
    }
    return id;
  }

  public String sessionKey(String id) {
    return sessionNamespace + ":sessions:" + id;
  }

  public String cartField(String sessionId) {
    try (Jedis jedis = new Jedis(sessionRedis)) {
      return jedis.hget(sessionKey(sessionId), "sessionAttr:cart");
    }
  }

  /** An identity token for {@code customerId} on session {@code sessionId}, as the proxy makes it for orders-service. */
  public String identity(long customerId, String sessionId) {
    JsonObject claims = TestTokens.claims(SERVICE).put("sub", Long.toString(customerId))
        .put("sid", dev.strangler.orders.cart.SessionId.hash(sessionId));
    return TestTokens.sign(vertx, TestTokens.KEY, claims);
  }

  /** A request as a logged-in customer with that session: cookie and identity header. */
  public HttpRequest.Builder as(long customerId, String sessionId, String path) {
    return request(path).header("Cookie", cookie(sessionId)).header(IdentityVerifier.HEADER, identity(customerId, sessionId));
  }

  public HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30));
  }

  public static String cookie(String sessionId) {
    return "SESSION=" + Base64.getEncoder().encodeToString(sessionId.getBytes(StandardCharsets.UTF_8));
  }

  public HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public HttpResponse<String> checkout(long customerId, String sessionId, String... headers) {
    HttpRequest.Builder request = as(customerId, sessionId, "/api/orders").POST(HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(request);
  }

  public void sql(String statement) {
    try (Connection c = db.connect(); Statement st = c.createStatement()) {
      st.execute(statement);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every row of {@code query}, each as column to value text. */
  public List<Map<String, String>> rows(String query) {
    try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
      List<Map<String, String>> rows = new ArrayList<>();
      while (rs.next()) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          row.put(rs.getMetaData().getColumnName(i), rs.getString(i));
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public long count(String table) {
    return Long.parseLong(rows("select count(*) as n from " + table).get(0).get("n"));
  }

  @Override
  public void close() {
    OnVertx.await(vertx, app::stop);
    stock.close();
    OnVertx.await(vertx, vertx::close);
    redis.close();
    db.close();
  }
}
