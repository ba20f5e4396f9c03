package com.acme.shop.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.acme.shop.ShopClient;
import com.acme.shop.ShopIntegrationBase;
import com.acme.shop.ShopResponse;
import com.acme.shop.TestData;
import com.acme.shop.catalog.CatalogService;
import com.acme.shop.catalog.NewProductRequest;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every state change leaves exactly its events in the outbox, and a rolled-back change leaves none. */
class OutboxIT extends ShopIntegrationBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    private CatalogService catalog;

    @Autowired
    private TransactionTemplate transactions;

    @Autowired
    private OutboxWriter outbox;

    private ShopClient client;
    private long mark;

    @BeforeEach
    void markTheOutbox() {
        client = newClient();
        mark = jdbc.queryForObject("select coalesce(max(sequence), 0) from outbox", Long.class);
    }

    @Test
    void creatingAProductAppendsOneProductCreatedWithTheFullProduct() {
        String sku = TestData.product(client, "19.99", 7);

        List<Row> rows = eventsSinceMark();
        assertThat(rows).extracting(Row::type).containsExactly("ProductCreated");
        Row row = rows.get(0);
        assertThat(row.aggregateType()).isEqualTo("Product");
        assertThat(row.aggregateId()).isEqualTo(sku);
        assertThat(row.payload().get("price").decimalValue()).isEqualByComparingTo("19.99");
        assertThat(row.payload().get("stock").asInt()).isEqualTo(7);
        assertThat(row.payload().get("category").asString()).isEqualTo("books");
        assertThat(row.payload().get("updatedAt").asString()).isNotBlank();
    }

    @Test
    void updatingWithoutAPriceChangeAppendsProductUpdatedAndWithOneAppendsPriceChanged() {
        String sku = TestData.product(client, "5.00", 1);
        long afterCreate = lastSequence();

        client.put("/api/products/" + sku, "{\"name\":\"Same price\",\"price\":5.00,\"category\":\"books\"}");
        client.put("/api/products/" + sku, "{\"name\":\"Dearer\",\"price\":6.25,\"category\":\"books\"}");

        List<Row> rows = eventsSince(afterCreate);
        assertThat(rows).extracting(Row::type).containsExactly("ProductUpdated", "PriceChanged");
        assertThat(rows.get(0).payload().get("name").asString()).isEqualTo("Same price");
        assertThat(rows.get(1).payload().get("name").asString()).isEqualTo("Dearer");
        assertThat(rows.get(1).payload().get("price").decimalValue()).isEqualByComparingTo("6.25");
        assertThat(rows.get(1).payload().get("previousPrice").decimalValue()).isEqualByComparingTo("5.00");
    }

    @Test
    void settingStockAppendsStockChangedWithOldAndNewLevel() {
        String sku = TestData.product(client, "5.00", 1);
        long afterCreate = lastSequence();

        client.put("/api/products/" + sku + "/stock", "{\"stock\":12}");

        List<Row> rows = eventsSince(afterCreate);
        assertThat(rows).extracting(Row::type).containsExactly("StockChanged");
        assertThat(rows.get(0).payload().get("stock").asInt()).isEqualTo(12);
        assertThat(rows.get(0).payload().get("previousStock").asInt()).isEqualTo(1);
        assertThat(rows.get(0).payload().get("reason").asString()).isEqualTo("adjustment");
    }

    @Test
    void registeringAppendsCustomerRegisteredWithoutThePasswordHash() {
        String email = TestData.registeredCustomer(client);

        List<Row> rows = eventsSinceMark();
        assertThat(rows).extracting(Row::type).containsExactly("CustomerRegistered");
        assertThat(rows.get(0).payload().get("email").asString()).isEqualTo(email);
        assertThat(rows.get(0).payload().toString()).doesNotContain("password", "$2a$");
    }

    @Test
    void checkoutAppendsStockChangedPerLineThenOrderPlacedWithStrictlyIncreasingSequences() {
        String first = TestData.product(client, "2.00", 5);
        String second = TestData.product(client, "3.00", 5);
        client.login(TestData.registeredCustomer(client), "password123");
        client.post("/api/cart/items", "{\"sku\":\"" + first + "\",\"quantity\":2}");
        client.post("/api/cart/items", "{\"sku\":\"" + second + "\",\"quantity\":1}");
        long beforeCheckout = lastSequence();

        long orderId = client.post("/api/orders", "").json().get("id").asLong();

        List<Row> rows = eventsSince(beforeCheckout);
        assertThat(rows).extracting(Row::type).containsExactly("StockChanged", "StockChanged", "OrderPlaced");
        assertThat(rows).extracting(Row::sequence).isSorted().doesNotHaveDuplicates();
        assertThat(rows.get(0).payload().get("reason").asString()).isEqualTo("order:" + orderId);
        JsonNode order = rows.get(2).payload();
        assertThat(rows.get(2).aggregateId()).isEqualTo(Long.toString(orderId));
        assertThat(order.get("lines")).hasSize(2);
        assertThat(order.get("total").decimalValue()).isEqualByComparingTo("7.00");
    }

    @Test
    void aCheckoutThatFailsOnStockLeavesNoEventsAndNoStockTaken() {
        String plenty = TestData.product(client, "2.00", 50);
        String scarce = TestData.product(client, "3.00", 1);
        client.login(TestData.registeredCustomer(client), "password123");
        client.post("/api/cart/items", "{\"sku\":\"" + plenty + "\",\"quantity\":2}");
        client.post("/api/cart/items", "{\"sku\":\"" + scarce + "\",\"quantity\":2}");
        long beforeCheckout = lastSequence();

        assertThat(client.post("/api/orders", "").status()).isEqualTo(409);

        assertThat(eventsSince(beforeCheckout)).isEmpty();
        assertThat(stock(plenty)).isEqualTo(50);
        assertThat(stock(scarce)).isEqualTo(1);
    }

    @Test
    void aFailureAfterTheWriteRollsBackBothTheChangeAndItsEvent() {
        String sku = TestData.sku();

        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            catalog.create(new NewProductRequest(sku, "Doomed", "", new BigDecimal("1.00"), "books", 1));
            // Both rows exist inside the transaction...
            assertThat(jdbc.queryForObject(
                    "select count(*) from outbox where aggregate_id = ?", Long.class, sku)).isOne();
            throw new IllegalStateException("forced failure after the write");
        })).hasMessage("forced failure after the write");

        // ...and neither survives it.
        assertThat(jdbc.queryForObject("select count(*) from products where sku = ?", Long.class, sku)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from outbox where aggregate_id = ?", Long.class, sku)).isZero();
        assertThat(eventsSinceMark()).isEmpty();
    }

    @Test
    void anEventCannotBeWrittenOutsideATransaction() {
        OutboxEvent event = new OutboxEvent("Product", "X", EventType.ProductUpdated, Map.of("sku", "X"));

        assertThatThrownBy(() -> outbox.append(event)).isInstanceOf(IllegalTransactionStateException.class);
        assertThat(eventsSinceMark()).isEmpty();
    }

    @Test
    void aDuplicateSkuLeavesNoSecondEvent() {
        String sku = TestData.product(client, "1.00", 1);
        long afterCreate = lastSequence();

        ShopResponse duplicate = client.post("/api/products", """
                {"sku":"%s","name":"Again","price":1.00,"category":"books","stock":1}""".formatted(sku));

        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(eventsSince(afterCreate)).isEmpty();
    }

    @Test
    void anEventCarriesTheCallersRequestIdAsItsCorrelationId() {
        String requestId = "req-" + UUID.randomUUID();
        String sku = TestData.product(client.withHeader("X-Request-Id", requestId), "4.00", 3);

        assertThat(correlationIds(sku)).containsExactly(requestId);
    }

    @Test
    void aRequestIdThatIsNotAPlainTokenIsReplacedByTheOneTheShopGenerates() {
        String sku = TestData.sku();
        ShopResponse created = client.withHeader("X-Request-Id", "not/a token").post("/api/products", """
                {"sku":"%s","name":"Traced","price":1.00,"category":"books","stock":1}""".formatted(sku));

        assertThat(created.status()).isEqualTo(201);
        assertThat(correlationIds(sku)).containsExactly(created.header("X-Request-Id"));
    }

    @Test
    void anEventWrittenOutsideARequestHasNoCorrelationId() {
        String sku = TestData.sku();

        transactions.executeWithoutResult(status ->
                catalog.create(new NewProductRequest(sku, "Scheduled", "", new BigDecimal("1.00"), "books", 1)));

        assertThat(correlationIds(sku)).containsExactly((String) null);
    }

    private List<String> correlationIds(String aggregateId) {
        return jdbc.queryForList("select correlation_id from outbox where aggregate_id = ? order by sequence",
                String.class, aggregateId);
    }

    private long lastSequence() {
        return jdbc.queryForObject("select coalesce(max(sequence), 0) from outbox", Long.class);
    }

    private int stock(String sku) {
        return jdbc.queryForObject("select stock from products where sku = ?", Integer.class, sku);
    }

    private List<Row> eventsSinceMark() {
        return eventsSince(mark);
    }

    private List<Row> eventsSince(long sequence) {
        return jdbc.query("""
                select sequence, event_id, aggregate_type, aggregate_id, event_type, payload::text as payload
                from outbox where sequence > ? order by sequence
                """, (rs, i) -> new Row(rs.getLong("sequence"), rs.getString("aggregate_type"),
                        rs.getString("aggregate_id"), rs.getString("event_type"),
                        JSON.readTree(rs.getString("payload"))), sequence);
    }

    private record Row(long sequence, String aggregateType, String aggregateId, String type, JsonNode payload) {}
}
