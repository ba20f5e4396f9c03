package dev.strangler.orders.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.orders.OrdersHarness;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The lab's trap, against the real monolith jar (seeded, 1,000 products): orders-service starts after the relay trimmed the
 * product stream (here: nothing relayed at all), so events alone would never bring the catalog; {@code ORDERS_BACKFILL_FROM}
 * fills the projection from the monolith's own API, exactly as its database holds it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonolithBackfillIT {

  private BothSides shop;

  @BeforeAll
  void start() {
    shop = new BothSides("orders_monolith_backfill", Map.of());
  }

  @AfterAll
  void stop() {
    shop.close();
  }

  @Test
  void everyProductOfTheMonolithArrivesAsItsDatabaseHoldsIt() throws Exception {
    shop.orders = new OrdersHarness(shop.db.name() + "_svc", Map.of("ORDERS_SESSION_NAMESPACE", shop.monolith.sessionNamespace(),
        "ORDERS_BACKFILL_FROM", shop.monolith.url()), true);

    await().atMost(Duration.ofMinutes(1)).until(() -> shop.orders.send(shop.orders.request("/health/ready").GET()).statusCode() == 200);

    List<String> monolith = rows(shop.db::connect, "select sku, name, price, stock, updated_at from products order by sku");
    List<String> projection = shop.orders.rows("select sku, name, price, stock, updated_at from orders_service.products order by sku")
        .stream().map(r -> String.join("|", r.values())).toList();
    assertThat(monolith).hasSize(1_000);
    assertThat(projection).isEqualTo(monolith);
  }

  private interface Connect {
    Connection open() throws Exception;
  }

  private static List<String> rows(Connect db, String sql) throws Exception {
    try (Connection c = db.open(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      List<String> rows = new ArrayList<>();
      while (rs.next()) {
        List<String> cells = new ArrayList<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          cells.add(rs.getString(i));
        }
        rows.add(String.join("|", cells));
      }
      return rows;
    }
  }
}
