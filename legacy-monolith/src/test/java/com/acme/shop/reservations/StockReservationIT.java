package com.acme.shop.reservations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.acme.shop.IsolatedShopBase;
import com.acme.shop.ShopClient;
import com.acme.shop.ShopResponse;
import com.acme.shop.TestData;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** The internal stock reservation API: all or nothing, idempotent by id, released by the caller or the sweeper. */
class StockReservationIT extends IsolatedShopBase {

    private static final Resources RESOURCES = Resources.create("reservations");
    static final String TOKEN = "reservation-test-token-0123456789abcdef";

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        register(registry, RESOURCES);
        registry.add("acme.internal.token", () -> TOKEN);
        // Short enough for the sweeper test; every other test releases or checks its reservation at once.
        registry.add("acme.reservations.hold-timeout", () -> "5s");
        registry.add("acme.reservations.sweep-interval", () -> "200ms");
    }

    private ShopClient shop;
    private ShopClient internal;

    @BeforeEach
    void clients() {
        shop = newClient();
        internal = newClient().withHeader("Authorization", "Bearer " + TOKEN);
    }

    @Test
    void aReservationTakesEveryLineAndAnswersTheStockLeft() {
        String a = TestData.product(shop, "2.00", 10);
        String b = TestData.product(shop, "3.00", 5);
        String id = "order:" + (1_000_000_000L + System.nanoTime() % 1_000_000);

        ShopResponse held = reserve(id, a, 2, b, 5);

        assertThat(held.status()).isEqualTo(201);
        assertThat(held.header("Location")).isEqualTo("/internal/stock/reservations/" + id);
        assertThat(held.json().get("reservationId").asString()).isEqualTo(id);
        assertThat(held.json().get("status").asString()).isEqualTo("HELD");
        List<String> lines = held.json().get("lines").valueStream()
                .map(l -> l.get("sku").asString() + "x" + l.get("quantity").asInt() + "=" + l.get("stockAfter").asInt()).toList();
        assertThat(lines).containsExactlyInAnyOrder(a + "x2=8", b + "x5=0");
        assertThat(stock(a)).isEqualTo(8);
        assertThat(stock(b)).isZero();
    }

    @Test
    void eachLineAppendsStockChangedWithTheReservationIdAsReason() {
        String sku = TestData.product(shop, "2.00", 10);
        String id = "order:1000000101";

        reserve(id, sku, 4);

        assertThat(jdbc.queryForList("select payload->>'reason' || ' ' || (payload->>'stock') || ' ' || (payload->>'previousStock')"
                + " from outbox where aggregate_id = ? and event_type = 'StockChanged' order by sequence", String.class, sku))
                .containsExactly(id + " 6 10");
    }

    @Test
    void theSameIdWithTheSameLinesAnswersTheOriginalWithoutTakingStockTwice() {
        String sku = TestData.product(shop, "2.00", 10);

        ShopResponse first = reserve("order:1000000201", sku, 3);
        ShopResponse retry = reserve("order:1000000201", sku, 3);

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json()).isEqualTo(first.json());
        assertThat(stock(sku)).isEqualTo(7);
        assertThat(stockEvents(sku)).isEqualTo(1);
    }

    @Test
    void concurrentRetriesOfOneIdTakeTheStockOnce() {
        String sku = TestData.product(shop, "2.00", 50);
        List<Integer> statuses;
        try (ExecutorService callers = Executors.newFixedThreadPool(6)) {
            List<CompletableFuture<ShopResponse>> calls = IntStream.range(0, 6)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> reserve("order:1000000251", sku, 5), callers))
                    .toList();
            statuses = calls.stream().map(CompletableFuture::join).map(ShopResponse::status).toList();
        }

        assertThat(statuses).containsOnly(200, 201).containsOnlyOnce(201);
        assertThat(stock(sku)).isEqualTo(45);
        assertThat(stockEvents(sku)).isEqualTo(1);
    }

    @Test
    void theSameIdWithOtherLinesIsUnprocessable() {
        String sku = TestData.product(shop, "2.00", 10);
        reserve("order:1000000301", sku, 3);

        ShopResponse clash = reserve("order:1000000301", sku, 4);

        assertThat(clash.status()).isEqualTo(422);
        assertThat(clash.contentType()).startsWith("application/problem+json");
        assertThat(clash.json().get("detail").asString()).contains("order:1000000301", "same lines");
        assertThat(stock(sku)).isEqualTo(7);
    }

    @Test
    void aShortageIsAConflictWithExactlyTheBodyCheckoutGivesAndTakesNothing() {
        String plenty = TestData.product(shop, "1.00", 10);
        String scarce = TestData.product(shop, "1.00", 1);
        ShopClient buyer = newClient();
        buyer.login(TestData.registeredCustomer(buyer), "password123");
        buyer.post("/api/cart/items", "{\"sku\":\"" + plenty + "\",\"quantity\":3}");
        buyer.post("/api/cart/items", "{\"sku\":\"" + scarce + "\",\"quantity\":2}");
        ShopResponse checkout = buyer.post("/api/orders", "");

        ShopResponse reservation = reserve("order:1000000401", plenty, 3, scarce, 2);

        assertThat(reservation.status()).isEqualTo(409).isEqualTo(checkout.status());
        assertThat(reservation.contentType()).isEqualTo(checkout.contentType());
        JsonNode problem = reservation.json();
        assertThat(problem).isEqualTo(checkout.json());
        assertThat(problem.get("shortages").get(0).get("available").asInt()).isEqualTo(1);
        assertThat(stock(plenty)).isEqualTo(10);
        assertThat(stockEvents(plenty)).isZero();
        // Nothing was kept: the same id may be tried again.
        assertThat(jdbc.queryForObject("select count(*) from stock_reservations where reservation_id = 'order:1000000401'",
                Long.class)).isZero();
    }

    @Test
    void anUnknownSkuIsNotFoundAndTakesNothing() {
        String sku = TestData.product(shop, "1.00", 10);

        ShopResponse reservation = reserve("order:1000000501", sku, 1, "NO-SUCH-SKU", 1);

        assertThat(reservation.status()).isEqualTo(404);
        assertThat(reservation.json().get("detail").asString()).isEqualTo("no product with sku 'NO-SUCH-SKU'");
        assertThat(stock(sku)).isEqualTo(10);
    }

    @Test
    void aBadBodyIsABadRequestNamingTheField() {
        ShopResponse noLines = internal.post("/internal/stock/reservations", "{\"reservationId\":\"order:1\",\"lines\":{}}");
        ShopResponse badQuantity = internal.post("/internal/stock/reservations",
                "{\"reservationId\":\"order:1\",\"lines\":{\"ACME-00001\":0}}");
        ShopResponse badId = internal.post("/internal/stock/reservations",
                "{\"reservationId\":\"order 1\",\"lines\":{\"ACME-00001\":1}}");
        ShopResponse notJson = internal.post("/internal/stock/reservations", "{");

        assertThat(List.of(noLines, badQuantity, badId, notJson)).extracting(ShopResponse::status).containsOnly(400);
        assertThat(noLines.json().get("errors").get(0).get("field").asString()).isEqualTo("lines");
        assertThat(badQuantity.json().get("detail").asString()).contains("lines");
        assertThat(badId.json().get("errors").get(0).get("field").asString()).isEqualTo("reservationId");
        assertThat(notJson.json().get("errors").get(0).get("field").asString()).isEqualTo("body");
    }

    @Test
    void releasingPutsTheStockBackOnceAndIsIdempotent() {
        String sku = TestData.product(shop, "2.00", 10);
        reserve("order:1000000601", sku, 4);

        ShopResponse released = internal.delete("/internal/stock/reservations/order:1000000601");
        ShopResponse again = internal.delete("/internal/stock/reservations/order:1000000601");
        ShopResponse unknown = internal.delete("/internal/stock/reservations/order:1000000699");

        assertThat(List.of(released, again, unknown)).extracting(ShopResponse::status).containsOnly(204);
        assertThat(stock(sku)).isEqualTo(10);
        assertThat(status("order:1000000601")).isEqualTo("RELEASED");
        assertThat(jdbc.queryForList("select payload->>'reason' from outbox where aggregate_id = ? and event_type = 'StockChanged'"
                + " order by sequence", String.class, sku)).containsExactly("order:1000000601", "release:order:1000000601");
    }

    @Test
    void aConfirmedReservationCannotBeReleased() {
        String sku = TestData.product(shop, "2.00", 10);
        reserve("order:1000000701", sku, 4);
        jdbc.update("update stock_reservations set status = 'CONFIRMED' where reservation_id = 'order:1000000701'");

        ShopResponse release = internal.delete("/internal/stock/reservations/order:1000000701");

        assertThat(release.status()).isEqualTo(409);
        assertThat(release.json().get("detail").asString()).contains("CONFIRMED");
        assertThat(stock(sku)).isEqualTo(6);
    }

    @Test
    void theSweeperReleasesAReservationHeldLongerThanTheTimeout() {
        String sku = TestData.product(shop, "2.00", 10);
        reserve("order:1000000801", sku, 4);
        assertThat(stock(sku)).isEqualTo(6);

        await().atMost(Duration.ofSeconds(20)).until(() -> "RELEASED".equals(status("order:1000000801")));
        assertThat(stock(sku)).isEqualTo(10);
    }

    @Test
    void withoutTheTokenOrWithAWrongOneTheApiIsUnauthorized() {
        String body = "{\"reservationId\":\"order:1000000901\",\"lines\":{\"ACME-00001\":1}}";

        ShopResponse none = shop.post("/internal/stock/reservations", body);
        ShopResponse wrong = newClient().withHeader("Authorization", "Bearer " + TOKEN + "x").post("/internal/stock/reservations", body);
        ShopResponse basic = newClient().withHeader("Authorization", "Basic " + TOKEN).delete("/internal/stock/reservations/x");

        assertThat(List.of(none, wrong, basic)).extracting(ShopResponse::status).containsOnly(401);
        assertThat(none.contentType()).startsWith("application/problem+json");
        assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(none.json().get("detail").asString()).doesNotContain(TOKEN);
    }

    private ShopResponse reserve(String id, Object... skuAndQuantity) {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < skuAndQuantity.length; i += 2) {
            lines.append(i == 0 ? "" : ",").append('"').append(skuAndQuantity[i]).append("\":").append(skuAndQuantity[i + 1]);
        }
        return internal.post("/internal/stock/reservations", "{\"reservationId\":\"" + id + "\",\"lines\":{" + lines + "}}");
    }

    private int stock(String sku) {
        return jdbc.queryForObject("select stock from products where sku = ?", Integer.class, sku);
    }

    private long stockEvents(String sku) {
        return jdbc.queryForObject("select count(*) from outbox where aggregate_id = ? and event_type = 'StockChanged'",
                Long.class, sku);
    }

    private String status(String id) {
        return jdbc.queryForList("select status from stock_reservations where reservation_id = ?", String.class, id)
                .stream().findFirst().orElse(null);
    }
}
