package com.acme.shop.orders.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.acme.shop.IsolatedShopBase;
import com.acme.shop.ShopClient;
import com.acme.shop.ShopResponse;
import com.acme.shop.TestData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;
import tools.jackson.databind.JsonNode;

/** The monolith imports the orders orders-service places, once each, and puts poison aside. */
class ReverseSyncIT extends IsolatedShopBase {

    private static final Resources RESOURCES = Resources.create("reverse-sync");
    private static final String TOKEN = "reverse-sync-test-token-0123456789abcdef";
    private static final String GROUP = "legacy-monolith";
    private static final String CONSUMER = "monolith-it";
    private static final AtomicLong ORDER_IDS = new AtomicLong(1_000_000_000L);

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        register(registry, RESOURCES);
        registry.add("acme.internal.token", () -> TOKEN);
        registry.add("acme.reverse-sync.enabled", () -> "true");
        registry.add("acme.reverse-sync.key-prefix", () -> RESOURCES.redis().prefix());
        registry.add("acme.reverse-sync.consumer", () -> CONSUMER);
        registry.add("acme.reverse-sync.max-deliveries", () -> "3");
        registry.add("acme.reverse-sync.block", () -> "200ms");
        registry.add("acme.reverse-sync.retry-backoff", () -> "100ms");
        registry.add("acme.reverse-sync.claim-idle", () -> "1s");
    }

    @Autowired
    private ReverseSyncConsumer consumer;

    private OrdersServiceStream stream;
    private ShopClient shop;
    private String email;
    private long customerId;

    @BeforeEach
    void customerAndStream() {
        stream = new OrdersServiceStream(RESOURCES.redis());
        shop = newClient();
        email = TestData.registeredCustomer(shop);
        customerId = jdbc.queryForObject("select id from customers where email = ?", Long.class, email);
    }

    @AfterEach
    void closeStream() {
        stream.close();
    }

    @Test
    void anOrderPlacedByOrdersServiceIsImportedWithItsIdLinesAndReservationConfirmedWithoutTakingStock() {
        String sku = TestData.product(shop, "2.50", 10);
        long orderId = ORDER_IDS.incrementAndGet();
        ShopResponse reserved = newClient().withHeader("Authorization", "Bearer " + TOKEN).post("/internal/stock/reservations",
                "{\"reservationId\":\"order:" + orderId + "\",\"lines\":{\"" + sku + "\":2}}");
        assertThat(reserved.status()).isEqualTo(201);

        stream.orderPlaced(orderId, customerId, sku, 2, "2.50");

        awaitImported(orderId);
        assertThat(jdbc.queryForMap("select customer_id, status, total from orders where id = ?", orderId))
                .containsEntry("customer_id", customerId).containsEntry("status", "PLACED")
                .hasEntrySatisfying("total", total -> assertThat((java.math.BigDecimal) total).isEqualByComparingTo("5.00"));
        assertThat(jdbc.queryForList("select sku || ' x' || quantity || ' @' || unit_price || ' ' || product_name"
                + " from order_lines where order_id = ?", String.class, orderId))
                .containsExactly(sku + " x2 @2.50 Imported " + sku);
        assertThat(jdbc.queryForObject("select stock from products where sku = ?", Integer.class, sku)).isEqualTo(8);
        assertThat(jdbc.queryForObject("select status from stock_reservations where reservation_id = ?", String.class,
                "order:" + orderId)).isEqualTo("CONFIRMED");
        assertThat(jdbc.queryForObject("select count(*) from outbox where event_type = 'OrderPlaced' and aggregate_id = ?",
                Long.class, Long.toString(orderId))).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> stream.pending(GROUP) == 0);
    }

    @Test
    void theSameOrderDeliveredTwiceIsInsertedOnce() {
        String sku = TestData.product(shop, "1.00", 10);
        long orderId = ORDER_IDS.incrementAndGet();

        stream.orderPlaced(orderId, customerId, sku, 1, "1.00");
        String second = stream.orderPlaced(orderId, customerId, sku, 1, "1.00");

        await().atMost(Duration.ofSeconds(15)).until(() -> acknowledgedUpTo(second));
        assertThat(jdbc.queryForObject("select count(*) from orders where id = ?", Long.class, orderId)).isOne();
        assertThat(jdbc.queryForObject("select count(*) from order_lines where order_id = ?", Long.class, orderId)).isOne();
    }

    @Test
    void theCustomerSeesAnImportedOrderInHistoryAndDetailAndTheShopsOwnIdsStayBelowIt() {
        String sku = TestData.product(shop, "3.00", 10);
        long orderId = ORDER_IDS.incrementAndGet();
        stream.orderPlaced(orderId, customerId, sku, 3, "3.00");
        awaitImported(orderId);
        ShopClient customer = newClient();
        customer.login(email, "password123");

        JsonNode history = customer.get("/api/orders").json().get("items");
        JsonNode detail = customer.get("/api/orders/" + orderId).json();
        customer.post("/api/cart/items", "{\"sku\":\"" + sku + "\",\"quantity\":1}");
        ShopResponse ownCheckout = customer.post("/api/orders", "");

        assertThat(history.valueStream().map(item -> item.get("id").asLong()).toList()).contains(orderId);
        assertThat(detail.get("customerId").asLong()).isEqualTo(customerId);
        assertThat(detail.get("total").decimalValue()).isEqualByComparingTo("9.00");
        assertThat(detail.get("placedAt").asString()).isEqualTo("2026-11-29T09:00:00.123456Z");
        assertThat(detail.get("lines").get(0).get("lineTotal").decimalValue()).isEqualByComparingTo("9.00");
        assertThat(ownCheckout.status()).isEqualTo(201);
        assertThat(ownCheckout.json().get("id").asLong()).isLessThan(1_000_000_000L);
        assertThat(newClient().get("/api/orders/" + orderId).status()).isEqualTo(401);
    }

    @Test
    void anEntryOfAnotherTypeIsAcknowledgedAndIgnored() {
        String id = stream.append("OrderShipped", "1000000999", "{\"id\":1000000999}");

        await().atMost(Duration.ofSeconds(10)).until(() -> acknowledgedUpTo(id));
        assertThat(stream.deadLetters(GROUP)).noneMatch(e -> id.equals(e.getFields().get("sourceId")));
    }

    @Test
    void anUndecodableEntryGoesToTheDeadLettersAtOnceAndTheNextOneIsImported() {
        String sku = TestData.product(shop, "1.00", 10);
        String poison = stream.append("OrderPlaced", "1000000998", "{oops");
        long orderId = ORDER_IDS.incrementAndGet();
        stream.orderPlaced(orderId, customerId, sku, 1, "1.00");

        awaitImported(orderId);
        StreamEntry dead = awaitDeadLetter(poison);
        assertThat(dead.getFields()).containsEntry("payload", "{oops").containsEntry("error", "payload is not JSON")
                .containsEntry("consumer", CONSUMER).containsEntry("deliveries", "1").containsKey("failedAt");
    }

    @Test
    void anOrderIdBelowTheImportedRangeFailsLoudlyToTheDeadLetters() {
        String sku = TestData.product(shop, "1.00", 10);

        String entry = stream.orderPlaced(42, customerId, sku, 1, "1.00");

        StreamEntry dead = awaitDeadLetter(entry);
        assertThat(dead.getFields().get("error")).contains("id 42 is below 1000000000");
        assertThat(jdbc.queryForObject("select count(*) from orders where id = 42", Long.class)).isZero();
    }

    @Test
    void anOrderThatKeepsFailingGoesToTheDeadLettersAfterMaxDeliveries() {
        String sku = TestData.product(shop, "1.00", 10);
        long orderId = ORDER_IDS.incrementAndGet();

        // No such customer: the insert breaks a foreign key every time.
        String entry = stream.orderPlaced(orderId, 987_654_321L, sku, 1, "1.00");

        StreamEntry dead = awaitDeadLetter(entry);
        assertThat(Long.parseLong(dead.getFields().get("deliveries"))).isGreaterThanOrEqualTo(3);
        assertThat(dead.getFields().get("error")).contains("DataIntegrityViolation");
        assertThat(jdbc.queryForObject("select count(*) from orders where id = ?", Long.class, orderId)).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> stream.pending(GROUP) == 0);
    }

    @Test
    void aRestartedConsumerImportsTheEntriesItWasHandedBeforeItStopped() {
        String sku = TestData.product(shop, "1.00", 10);
        long orderId = ORDER_IDS.incrementAndGet();
        consumer.stop();
        try {
            String entry = stream.orderPlaced(orderId, customerId, sku, 1, "1.00");
            // Handed to this consumer and never acknowledged: what a crash right after a read leaves.
            List<Map.Entry<String, List<StreamEntry>>> handed = stream.redis().xreadGroup(GROUP, CONSUMER,
                    XReadGroupParams.xReadGroupParams().count(10), Map.of(stream.key(), StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
            assertThat(handed.get(0).getValue()).extracting(e -> e.getID().toString()).contains(entry);
            assertThat(stream.pending(GROUP)).isPositive();
        } finally {
            consumer.start();
        }

        awaitImported(orderId);
        await().atMost(Duration.ofSeconds(10)).until(() -> stream.pending(GROUP) == 0);
    }

    @Test
    void entriesAnotherConsumerLeftUnacknowledgedAreTakenOverAndImported() {
        String sku = TestData.product(shop, "1.00", 10);
        long orderId = ORDER_IDS.incrementAndGet();
        consumer.stop();
        try {
            stream.orderPlaced(orderId, customerId, sku, 1, "1.00");
            // Handed to an instance that then went away for good.
            stream.redis().xreadGroup(GROUP, "crashed-instance", XReadGroupParams.xReadGroupParams().count(10),
                    Map.of(stream.key(), StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
        } finally {
            consumer.start();
        }

        awaitImported(orderId);
        await().atMost(Duration.ofSeconds(10)).until(() -> stream.pending(GROUP) == 0);
    }

    private void awaitImported(long orderId) {
        await().atMost(Duration.ofSeconds(15)).until(() ->
                jdbc.queryForObject("select count(*) from orders where id = ?", Long.class, orderId) == 1);
    }

    private StreamEntry awaitDeadLetter(String sourceId) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> stream.deadLetters(GROUP).stream()
                .filter(e -> sourceId.equals(e.getFields().get("sourceId"))).findFirst().orElse(null), e -> e != null);
    }

    /** The group was handed every entry up to {@code id} and acknowledged them all. */
    private boolean acknowledgedUpTo(String id) {
        String lastDelivered = stream.redis().xinfoGroups(stream.key()).stream()
                .filter(g -> g.getName().equals(GROUP)).findFirst().map(g -> g.getLastDeliveredId().toString()).orElse("0-0");
        return new StreamEntryID(lastDelivered).compareTo(new StreamEntryID(id)) >= 0 && stream.pending(GROUP) == 0;
    }
}
