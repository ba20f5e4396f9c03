package dev.strangler.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strangler.testsupport.JavaProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The orders write path moved as a user moves it, on real processes: Acme Shop (reservation API and reverse sync on),
 * its outbox relay, orders-service with a relay of its own outbox, and the proxy, all on one PostgreSQL database (each
 * side its own schema) and one Redis. In order: a 25 % canary on checkout for 2,000 shoppers, each retrying with its
 * idempotency key (some across a proxy restart); checkout shadowed into orders-service's sandbox; the route moved fully to
 * orders-service and rolled back to the monolith.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CheckoutMigrationIT {

  static final int SHOPPERS = 2_000;
  /** Of them, these check out, then the proxy is killed and restarted, then they retry. */
  static final int ACROSS_RESTART = 20;
  static final int CLIENTS = 8;
  static final int CANARY_PERCENT = 25;
  /** Products with plenty of stock, so no checkout fails for a shortage and every one must be an order. */
  static final int HOT_PRODUCTS = 40;
  static final Duration SYNCED_WITHIN = Duration.ofSeconds(60);
  static final Duration CLI_TIMEOUT = Duration.ofMinutes(2);

  static final String ROUTES = """
      apiVersion: strangler/v1
      backends:
        legacy: {urls: ["http://127.0.0.1:${MONOLITH}"]}
        orders: {service: orders-service}
      routes:
        - id: checkout
          match: {path: /api/orders, methods: [POST]}
          target: %s
          idempotency: {mode: require}
          %s
        - id: orders-read
          match: {path: /api/orders/**, methods: [GET]}
          target: %s
        - id: cart
          match: {path: /api/cart/**}
          target: %s
      """;

  /** The ids and timestamps each side makes up, muted for the checkout's comparisons as a user declares them. */
  static final String COMPARE_RULES = """
      apiVersion: strangler/v1
      defaults: {}
      routes:
        checkout:
          ignore: [/id, /placedAt]
      """;

  private final Http http = new Http();
  private final Random random = new Random(20261129L);
  private final AtomicInteger shopperNumber = new AtomicInteger();
  private final List<String> hotSkus = new ArrayList<>();
  private Seam seam;
  private ProxyAdmin admin;

  static String routes(String checkoutTarget, String checkoutShadow, String otherTarget) {
    return ROUTES.formatted(checkoutTarget, checkoutShadow, otherTarget, otherTarget);
  }

  static String canary(int percent) {
    return "{canary: {backend: orders, percent: " + percent + ", cohort: session}}";
  }

  @BeforeAll
  void start() throws IOException {
    seam = new Seam("checkout-migration");
    seam.startMonolith(seam.monolithForOrders()).startRelay().startOrdersRelay();
    for (int i = 1; i <= HOT_PRODUCTS; i++) {
      String sku = "ACME-%05d".formatted(i * 23);
      Http.Reply stocked = http.send("PUT", seam.monolithUrl() + "/api/products/" + sku + "/stock", Map.of(),
          "{\"stock\":100000}");
      assertThat(stocked.status()).as("stock of " + sku).isEqualTo(200);
      hotSkus.add(sku);
    }
    seam.startOrders("orders-a");
    Path rules = seam.logs.resolve("compare-rules.yaml");
    Files.writeString(rules, COMPARE_RULES);
    seam.startProxy(routes(canary(CANARY_PERCENT), "", canary(CANARY_PERCENT)), Map.of("STRANGLER_COMPARE_RULES", rules.toString()));
    admin = new ProxyAdmin(http, seam);
    await().atMost(Duration.ofSeconds(10)).until(() -> admin.instances("orders").size() == 1);
  }

  @AfterAll
  void stop() {
    if (seam != null) {
      seam.close();
    }
  }

  @Test
  @Order(1)
  void aQuarterOfTwoThousandShoppersCheckOutOnOrdersServiceAndEveryOrderEndsUpExactlyOnceInBothStores() throws Exception {
    Map<Long, Long> orderOfCustomer = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> servedBy = new ConcurrentHashMap<>();
    Map<String, Integer> ordered = new TreeMap<>();
    Map<String, Integer> stockBefore = stock();

    // Every shopper but the last few: check out, then retry with the same key, which must answer the same order.
    List<Shopper> plain = run(SHOPPERS - ACROSS_RESTART, shopper -> {
      Http.Reply placed = placeOrder(shopper, ordered);
      Http.Reply retried = shopper.checkout(seam.proxyUrl());
      assertThat(retried.status()).as("retry of " + shopper.email).isEqualTo(201);
      assertThat(retried.header("idempotent-replayed")).isEqualTo("true");
      assertThat(retried.body()).isEqualTo(placed.body());
      record(shopper, placed, orderOfCustomer, servedBy);
    });
    // The last few check out, the proxy is killed and started again, and then they retry.
    Map<Shopper, Http.Reply> beforeRestart = new ConcurrentHashMap<>();
    List<Shopper> restarted = run(ACROSS_RESTART, shopper -> beforeRestart.put(shopper, placeOrder(shopper, ordered)));
    seam.restartProxy();
    for (Shopper shopper : restarted) {
      Http.Reply placed = beforeRestart.get(shopper);
      Http.Reply retried = shopper.checkout(seam.proxyUrl());
      assertThat(retried.status()).as("retry after the restart of " + shopper.email).isEqualTo(201);
      assertThat(Shopper.json(retried).get("id").asLong()).isEqualTo(Shopper.json(placed).get("id").asLong());
      record(shopper, placed, orderOfCustomer, servedBy);
    }
    assertThat(plain.size() + restarted.size()).isEqualTo(SHOPPERS);
    assertThat(orderOfCustomer).hasSize(SHOPPERS);

    int onOrdersService = servedBy.entrySet().stream().filter(e -> !e.getKey().equals("legacy"))
        .mapToInt(e -> e.getValue().get()).sum();
    System.out.printf("canary %d %%: %d of %d checkouts on orders-service (%s)%n", CANARY_PERCENT, onOrdersService, SHOPPERS,
        servedBy);
    assertThat(onOrdersService).as("about a quarter of the sessions").isBetween(SHOPPERS * 20 / 100, SHOPPERS * 30 / 100);

    // After sync: each store holds every order, each exactly once, and nothing else of these shoppers.
    Set<Long> ids = new HashSet<>(orderOfCustomer.values());
    assertThat(ids).hasSize(SHOPPERS);
    await().atMost(SYNCED_WITHIN).until(() -> orderIds("public", orderOfCustomer.keySet()).size() == SHOPPERS
        && orderIds(Seam.ORDERS_SCHEMA, orderOfCustomer.keySet()).size() == SHOPPERS);
    for (String schema : List.of("public", Seam.ORDERS_SCHEMA)) {
      assertThat(orderIds(schema, orderOfCustomer.keySet())).as(schema + ": one row per order, no other").hasSize(SHOPPERS)
          .containsExactlyInAnyOrderElementsOf(ids);
      assertThat(ordersPerCustomer(schema, orderOfCustomer.keySet())).as(schema + ": each shopper once").containsOnly(1);
    }
    // The monolith's stock went down by exactly what was ordered, on both sides of the canary: nothing twice, nothing lost.
    Map<String, Integer> stockAfter = stock();
    for (String sku : hotSkus) {
      assertThat(stockBefore.get(sku) - stockAfter.get(sku)).as("stock taken of " + sku).isEqualTo(ordered.getOrDefault(sku, 0));
    }

    int drift = drift("drift-canary", "migration-playbooks/playbooks/drift/orders.yaml");
    assertThat(drift).as("strangler drift check's exit code: the stores agree").isZero();
    JsonNode report = Shopper.JSON.readTree(seam.logs.resolve("drift-canary.json").toFile());
    assertThat(report.at("/aggregates/inBoth").asLong()).as("orders the drift check compared: every order of the shop")
        .isEqualTo(count("select count(*) from public.orders"));
    assertThat(report.at("/aggregates/equal").asLong()).isEqualTo(report.at("/aggregates/inBoth").asLong());
  }

  @Test
  @Order(2)
  void checkoutShadowedIntoTheSandboxIsComparedAndChangesNoLiveOrder() throws Exception {
    // The copy gets the cart as it was: the monolith clears it as soon as its order commits.
    seam.rewriteRoutes(routes("{shadow: {primary: legacy, candidate: orders, percent: 100}}",
        "shadow: {sandbox: true, sandboxSession: [cart]}", "legacy"));
    await().atMost(Duration.ofSeconds(10)).until(() -> admin.get("/admin/routes/checkout").toString().contains("shadow"));
    long liveOrdersBefore = count("select count(*) from " + Seam.ORDERS_SCHEMA + ".orders where origin = 'orders-service'");
    // orders-service's live outbox: what it publishes (its stream is trimmed once the monolith has consumed it).
    long publishedBefore = count("select count(*) from " + Seam.ORDERS_SCHEMA + ".outbox");

    int shoppers = 100;
    Map<String, Integer> ordered = new TreeMap<>();
    Map<Long, Long> orderOfCustomer = new ConcurrentHashMap<>();
    run(shoppers, shopper -> {
      Http.Reply placed = placeOrder(shopper, ordered);
      assertThat(placed.header("x-strangler-backend")).isEqualTo("legacy");
      orderOfCustomer.put(shopper.customerId, Shopper.json(placed).get("id").asLong());
    });

    JsonNode summary = await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> admin.get("/admin/shadow/checkout"),
        s -> s.path("compared").asLong() + dropped(s) >= shoppers);
    System.out.println("sandboxed checkout shadow: " + summary);
    assertThat(summary.path("compared").asLong()).as("every checkout compared").isEqualTo(shoppers);
    assertThat(summary.path("sandboxed").asLong()).isEqualTo(shoppers);
    assertThat(summary.path("candidate").path("errors").asLong()).isZero();
    // The copy checks out the cart as it was when the request arrived (the session snapshot), not what the monolith left.
    assertThat(summary.path("matched").asLong()).as("sandboxed checkouts answering as the monolith's, ids and times aside")
        .isEqualTo(shoppers);

    // The monolith got each order once; orders-service wrote its copies to the sandbox only and published nothing.
    await().atMost(SYNCED_WITHIN).until(() -> orderIds(Seam.ORDERS_SCHEMA, orderOfCustomer.keySet()).size() == shoppers);
    assertThat(ordersPerCustomer("public", orderOfCustomer.keySet())).containsOnly(1);
    assertThat(count("select count(*) from " + Seam.ORDERS_SCHEMA + ".orders where origin = 'orders-service'"))
        .as("orders-service's own live orders").isEqualTo(liveOrdersBefore);
    assertThat(ordersPerCustomer(Seam.ORDERS_SCHEMA, orderOfCustomer.keySet())).as("only the monolith's, imported").containsOnly(1);
    assertThat(count("select count(*) from " + Seam.ORDERS_SCHEMA + ".outbox")).as("events orders-service published")
        .isEqualTo(publishedBefore);
    assertThat(count("select count(*) from orders_sandbox.orders where customer_id in (" + join(orderOfCustomer.keySet()) + ")"))
        .as("the sandboxed checkouts").isEqualTo(shoppers);

    // Store against store, and the events each side emitted for the same requests, by correlation id.
    assertThat(drift("drift-sandbox", "migration-playbooks/playbooks/drift/orders-sandbox.yaml", "checkout"))
        .as("sandbox drift check").isZero();
    JsonNode report = Shopper.JSON.readTree(seam.logs.resolve("drift-sandbox.json").toFile());
    assertThat(report.at("/shadow/0/route").asText()).as("the response comparisons beside the stores").isEqualTo("checkout");
    assertThat(report.at("/shadow/0/summary/matched").asLong()).isEqualTo(shoppers);
    assertThat(report.at("/aggregates/inBoth").asLong()).as("sandboxed orders paired with the monolith's").isEqualTo(shoppers);
    System.out.println("sandbox drift events: " + report.path("events"));
    assertThat(report.at("/events/matching").asLong()).as("requests whose OrderPlaced is alike on both sides").isEqualTo(shoppers);
  }

  @Test
  @Order(3)
  void afterARollbackFromOrdersServiceTheMonolithShowsTheOrdersPlacedThere() throws Exception {
    seam.rewriteRoutes(routes("{extracted: orders}", "", "{extracted: orders}"));
    await().atMost(Duration.ofSeconds(10)).until(() -> admin.get("/admin/routes/checkout").toString().contains("extracted"));

    Map<Shopper, Long> orderOf = new ConcurrentHashMap<>();
    run(50, shopper -> {
      Http.Reply placed = placeOrder(shopper, new TreeMap<>());
      assertThat(placed.header("x-strangler-backend")).isNotEqualTo("legacy");
      orderOf.put(shopper, Shopper.json(placed).get("id").asLong());
    });

    seam.rewriteRoutes(routes("legacy", "", "legacy"));
    await().atMost(Duration.ofSeconds(10)).until(() -> admin.get("/admin/routes/checkout").toString().contains("legacy")
        && !admin.get("/admin/routes/checkout").toString().contains("extracted"));

    for (Map.Entry<Shopper, Long> placed : orderOf.entrySet()) {
      Shopper shopper = placed.getKey();
      await().atMost(SYNCED_WITHIN).untilAsserted(() -> {
        Http.Reply history = shopper.get(seam.proxyUrl(), "/api/orders");
        assertThat(history.header("x-strangler-backend")).isEqualTo("legacy");
        assertThat(history.body()).contains("\"id\":" + placed.getValue());
      });
      Http.Reply detail = shopper.get(seam.proxyUrl(), "/api/orders/" + placed.getValue());
      assertThat(detail.status()).isEqualTo(200);
      assertThat(detail.header("x-strangler-backend")).isEqualTo("legacy");
    }
  }

  /** Signs a new shopper up, fills its cart with one or two of the hot products and checks out once (201 required). */
  private Http.Reply placeOrder(Shopper shopper, Map<String, Integer> ordered) {
    List<String> skus = new ArrayList<>();
    synchronized (random) {
      skus.add(hotSkus.get(random.nextInt(HOT_PRODUCTS)));
      if (random.nextBoolean()) {
        String second = hotSkus.get(random.nextInt(HOT_PRODUCTS));
        if (!skus.contains(second)) {
          skus.add(second);
        }
      }
    }
    for (String sku : skus) {
      Http.Reply added = shopper.addToCart(seam.proxyUrl(), sku, 1);
      assertThat(added.status()).as("add to cart: " + added.body()).isEqualTo(200);
    }
    Http.Reply placed = shopper.checkout(seam.proxyUrl());
    assertThat(placed.status()).as("checkout of " + shopper.email + ": " + placed.body()).isEqualTo(201);
    synchronized (ordered) {
      skus.forEach(sku -> ordered.merge(sku, 1, Integer::sum));
    }
    return placed;
  }

  private static void record(Shopper shopper, Http.Reply placed, Map<Long, Long> orderOfCustomer, Map<String, AtomicInteger> servedBy) {
    long id = Shopper.json(placed).get("id").asLong();
    assertThat(orderOfCustomer.put(shopper.customerId, id)).as("one order per shopper").isNull();
    servedBy.computeIfAbsent(placed.header("x-strangler-backend"), k -> new AtomicInteger()).incrementAndGet();
  }

  /** {@code count} new shoppers, signed up through the proxy, each running {@code journey} on one of the clients. */
  private List<Shopper> run(int count, Consumer<Shopper> journey) throws Exception {
    List<Shopper> shoppers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      shoppers.add(new Shopper(http, "shopper" + shopperNumber.incrementAndGet() + "@example.test"));
    }
    try (ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
      List<Future<?>> done = new ArrayList<>();
      for (Shopper shopper : shoppers) {
        done.add(clients.submit(() -> journey.accept(shopper.signUp(seam.proxyUrl()))));
      }
      for (Future<?> each : done) {
        each.get();
      }
    }
    return shoppers;
  }

  /** {@code strangler drift check} with {@code spec} on the test's database; {@code routes}' shadow summaries beside it. */
  private int drift(String name, String spec, String... routes) {
    String url = "postgresql://" + seam.database.username() + "@" + seam.database.endpoint().host() + ":"
        + seam.database.endpoint().port() + "/" + seam.database.name();
    Path report = seam.logs.resolve(name + ".html");
    List<String> args = new ArrayList<>(List.of("drift", "check", "--spec", Path.of("..").resolve(spec).toString(),
        "--legacy-database", url, "--extracted-database", url, "--html", report.toString(), "--json",
        seam.logs.resolve(name + ".json").toString()));
    if (routes.length > 0) {
      args.addAll(List.of("--proxy-admin", seam.adminUrl()));
      for (String route : routes) {
        args.addAll(List.of("--route", route));
      }
    }
    JavaProcess cli = JavaProcess.start(name, Seam.jar("acceptance.cli.jar"),
        Map.of("ACME_DB_PASSWORD", seam.database.password() == null ? "" : seam.database.password(),
            "STRANGLER_ADMIN_TOKEN", Seam.ADMIN_TOKEN), args, seam.logs);
    int exit = cli.awaitExit(CLI_TIMEOUT);
    System.out.println(name + " exited " + exit + "; its output ends:\n" + cli.logTail(30));
    return exit;
  }

  private Map<String, Integer> stock() {
    Map<String, Integer> stock = new HashMap<>();
    query("select sku, stock from public.products where sku in (" + String.join(",", hotSkus.stream().map(s -> "'" + s + "'").toList())
        + ")", rs -> stock.put(rs.getString(1), rs.getInt(2)));
    return stock;
  }

  private List<Long> orderIds(String schema, Set<Long> customers) {
    List<Long> ids = new ArrayList<>();
    query("select id from " + schema + ".orders where customer_id in (" + join(customers) + ")", rs -> ids.add(rs.getLong(1)));
    return ids;
  }

  private List<Integer> ordersPerCustomer(String schema, Set<Long> customers) {
    List<Integer> counts = new ArrayList<>();
    query("select count(*) from " + schema + ".orders where customer_id in (" + join(customers) + ") group by customer_id",
        rs -> counts.add(rs.getInt(1)));
    return counts;
  }

  private long count(String sql) {
    long[] count = new long[1];
    query(sql, rs -> count[0] = rs.getLong(1));
    return count[0];
  }

  private static String join(Set<Long> ids) {
    return String.join(",", ids.stream().map(String::valueOf).toList());
  }

  private static long dropped(JsonNode summary) {
    long total = 0;
    for (JsonNode count : summary.path("dropped")) {
      total += count.asLong();
    }
    return total;
  }

  @FunctionalInterface
  private interface Row {
    void read(ResultSet rs) throws SQLException;
  }

  private void query(String sql, Row row) {
    try (Connection connection = seam.database.connect(); Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      while (rs.next()) {
        row.read(rs);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
