package dev.strangler.servicekit.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventTest {

  @Test
  void anEntryOfTheWireFormatIsAnEvent() {
    Event event = Event.decode("s", "7-0", WireEvents.fields(7, "PriceChanged", "Product", "ACME-1", "{\"price\":9.50}"));

    assertThat(event.sequence()).isEqualTo(7);
    assertThat(event.type()).isEqualTo("PriceChanged");
    assertThat(event.aggregateId()).isEqualTo("ACME-1");
    assertThat(event.occurredAt()).isEqualTo(Instant.parse("2025-03-01T10:00:00.007Z"));
    assertThat(event.payloadJson().getDouble("price")).isEqualTo(9.5);
  }

  @Test
  void aCorrelationIdIsReadWhenTheEntryHasOne() {
    Map<String, String> fields = new HashMap<>(WireEvents.fields(7, "OrderPlaced", "Order", "1000000001", "{}"));
    assertThat(Event.decode("s", "7-0", fields).correlation()).isEmpty();

    fields.put("correlationId", "req-42");
    Event event = Event.decode("s", "7-0", fields);

    assertThat(event.correlationId()).isEqualTo("req-42");
    assertThat(event.correlation()).contains("req-42");
  }

  @Test
  void everyProblemOfAnEntryIsNamed() {
    Map<String, String> fields = new HashMap<>(WireEvents.fields(7, "PriceChanged", "Product", "ACME-1", "[1, 2]"));
    fields.remove("eventId");
    fields.put("sequence", "seven");
    fields.put("occurredAt", "yesterday");

    assertThatThrownBy(() -> Event.decode("s", "7-0", fields)).isInstanceOf(UndecodableEventException.class)
        .hasMessage("s 7-0: missing eventId, sequence is not a whole number (got 'seven'), occurredAt is not an ISO-8601 instant"
            + " (got 'yesterday'), payload is not a JSON object");
  }

  @Test
  void aPayloadThatIsNotJsonIsUndecodable() {
    assertThatThrownBy(() -> Event.decode("s", "1-0", WireEvents.fields(1, "T", "A", "a", "{oops")))
        .hasMessageContaining("payload is not a JSON object");
  }
}
