package com.acme.shop.orders.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.acme.shop.orders.Order;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class OrderPlacedEntryTest {

    private final OrderPlacedEntry entries = new OrderPlacedEntry(JsonMapper.builder().build());

    @Test
    void anOrderPlacedIsTheOrderAsTheMonolithRendersIt() {
        Order order = entries.decode(Map.of("type", "OrderPlaced", "aggregateId", "1000000007", "payload", """
                {"id":1000000007,"customerId":12,"status":"PLACED","total":19.98,"placedAt":"2026-11-29T09:00:00Z",
                 "lines":[{"lineNo":1,"sku":"ACME-00001","productName":"Lamp","unitPrice":9.99,"quantity":2,"lineTotal":19.98}]}
                """)).orElseThrow();

        assertThat(order.id()).isEqualTo(1_000_000_007L);
        assertThat(order.customerId()).isEqualTo(12);
        assertThat(order.total()).isEqualByComparingTo("19.98");
        assertThat(order.lines()).containsExactly(new Order.Line(1, "ACME-00001", "Lamp", new java.math.BigDecimal("9.99"), 2));
    }

    @Test
    void anEntryOfAnotherTypeIsNoOrder() {
        assertThat(entries.decode(Map.of("type", "OrderShipped", "payload", "{}"))).isEmpty();
    }

    @Test
    void everyProblemOfAnOrderIsNamed() {
        assertThatThrownBy(() -> entries.decode(Map.of("type", "OrderPlaced", "aggregateId", "7", "payload", """
                {"id":999999999,"customerId":"twelve","status":"","total":"lots","placedAt":"yesterday",
                 "lines":[{"lineNo":1,"sku":"A","productName":"B","unitPrice":1,"quantity":0}]}
                """)))
                .isInstanceOf(UndecodableEntryException.class)
                .hasMessage("OrderPlaced: id 999999999 is below 1000000000, where the monolith's own order ids live,"
                        + " aggregateId 7 is not the payload's id 999999999, customerId must be a whole number,"
                        + " status must be a non-blank string, total must be a number, placedAt must be an ISO-8601 instant,"
                        + " lines[0].lineNo and quantity must be positive and unitPrice not negative");
    }

    @Test
    void aPayloadThatIsNotAnObjectOrMissingIsUndecodable() {
        assertThatThrownBy(() -> entries.decode(Map.of("type", "OrderPlaced", "payload", "[1]")))
                .hasMessage("payload is not a JSON object");
        assertThatThrownBy(() -> entries.decode(Map.of("type", "OrderPlaced"))).hasMessage("missing payload");
        assertThatThrownBy(() -> entries.decode(Map.of("payload", "{}"))).hasMessage("missing type");
    }
}
