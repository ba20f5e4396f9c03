package dev.strangler.orders.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.orders.OrdersHarness;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code Idempotency-Key} on checkout: kept per customer with the order, replayed, refused when reused, swept when expired. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdempotencyIT {

  private OrdersHarness orders;

  @BeforeAll
  void start() {
    orders = new OrdersHarness("orders_idempotency", Map.of("ORDERS_IDEMPOTENCY_SWEEP_MS", "100"));
    orders.product("ACME-00001", "Kettle", "19.99", 1_000);
    orders.product("ACME-00002", "Lamp", "5.00", 1_000);
  }

  @AfterAll
  void stop() {
    orders.close();
  }

  @Test
  void aRetryWithTheSameKeyGetsTheFirstAnswerAgainAndPlacesNothingMore() {
    String session = orders.session(Map.of("ACME-00001", 2));

    HttpResponse<String> first = orders.checkout(201, session, "Idempotency-Key", "k-1");
    HttpResponse<String> retry = orders.checkout(201, session, "Idempotency-Key", "k-1");

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
    assertThat(retry.statusCode()).isEqualTo(201);
    assertThat(retry.body()).isEqualTo(first.body());
    assertThat(retry.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
    assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(orders.rows("select id from orders_service.orders where customer_id = 201")).hasSize(1);
    assertThat(orders.stock.calls).containsOnlyOnce("reserve order:" + new JsonObject(first.body()).getLong("id"));
  }

  @Test
  void aRetryWithTheSameCartStillInTheSessionIsReplayedToo() {
    String first = orders.session(Map.of("ACME-00002", 1));
    HttpResponse<String> placed = orders.checkout(202, first, "Idempotency-Key", "k-same");

    HttpResponse<String> retry = orders.checkout(202, orders.session(Map.of("ACME-00002", 1)), "Idempotency-Key", "k-same");

    assertThat(retry.body()).isEqualTo(placed.body());
    assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
  }

  @Test
  void theSameKeyWithAnotherCartIsRefusedWith422() {
    orders.checkout(203, orders.session(Map.of("ACME-00001", 1)), "Idempotency-Key", "k-2");

    HttpResponse<String> other = orders.checkout(203, orders.session(Map.of("ACME-00002", 3)), "Idempotency-Key", "k-2");

    assertThat(other.statusCode()).isEqualTo(422);
    assertThat(other.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(new JsonObject(other.body()).getString("detail")).contains("Idempotency-Key was already used for a different cart");
    assertThat(orders.rows("select id from orders_service.orders where customer_id = 203")).hasSize(1);
  }

  @Test
  void keysArePerCustomer() {
    HttpResponse<String> mine = orders.checkout(204, orders.session(Map.of("ACME-00001", 1)), "Idempotency-Key", "shared");
    HttpResponse<String> theirs = orders.checkout(205, orders.session(Map.of("ACME-00001", 1)), "Idempotency-Key", "shared");

    assertThat(theirs.statusCode()).isEqualTo(201);
    assertThat(theirs.headers().firstValue("Idempotent-Replayed")).isEmpty();
    assertThat(new JsonObject(theirs.body()).getLong("id")).isNotEqualTo(new JsonObject(mine.body()).getLong("id"));
  }

  @Test
  void aDuplicateWhileTheFirstIsStillRunningGets409() {
    String session = orders.session(Map.of("ACME-00002", 2));
    long reservesBefore = orders.stock.count("reserve ");
    orders.stock.hold();
    try {
      CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(
          () -> orders.checkout(206, session, "Idempotency-Key", "k-busy"));
      // The first checkout has claimed its key and waits for the monolith's answer.
      await().atMost(Duration.ofSeconds(10)).until(() -> orders.stock.count("reserve ") > reservesBefore);

      HttpResponse<String> duplicate = orders.checkout(206, session, "Idempotency-Key", "k-busy");

      assertThat(duplicate.statusCode()).isEqualTo(409);
      assertThat(new JsonObject(duplicate.body()).getString("detail")).contains("still in progress");
      orders.stock.open();
      assertThat(first.join().statusCode()).isEqualTo(201);
    } finally {
      orders.stock.open();
    }
  }

  @Test
  void aRefusedCheckoutGivesItsKeyUpSoTheRetryRunsAgain() {
    String session = orders.session(Map.of("ACME-00001", 5_000));

    HttpResponse<String> shortage = orders.checkout(207, session, "Idempotency-Key", "k-short");
    HttpResponse<String> again = orders.checkout(207, session, "Idempotency-Key", "k-short");

    assertThat(shortage.statusCode()).isEqualTo(409);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.headers().firstValue("Idempotent-Replayed")).isEmpty();
    assertThat(orders.rows("select 1 from orders_service.idempotency_keys where customer_id = 207")).isEmpty();
  }

  @Test
  void expiredKeysAreSweptAndTheKeyCanBeUsedAgain() {
    orders.checkout(208, orders.session(Map.of("ACME-00001", 1)), "Idempotency-Key", "k-old");
    orders.sql("update orders_service.idempotency_keys set expires_at = now() - interval '1 second' where customer_id = 208");

    await().atMost(Duration.ofSeconds(10))
        .until(() -> orders.rows("select 1 from orders_service.idempotency_keys where customer_id = 208").isEmpty());
    HttpResponse<String> fresh = orders.checkout(208, orders.session(Map.of("ACME-00002", 1)), "Idempotency-Key", "k-old");

    assertThat(fresh.statusCode()).isEqualTo(201);
    assertThat(fresh.headers().firstValue("Idempotent-Replayed")).isEmpty();
  }

  @Test
  void aMalformedKeyIsA400() {
    HttpResponse<String> bad = orders.checkout(209, orders.session(Map.of("ACME-00001", 1)), "Idempotency-Key", "x".repeat(256));

    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(bad.body()).getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("Idempotency-Key");
  }
}
