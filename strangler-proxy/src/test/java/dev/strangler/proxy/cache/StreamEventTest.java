package dev.strangler.proxy.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamEventTest {

  private static StreamEvent event(String payload) {
    return new StreamEvent("product", "7-0", Map.of("type", "PriceChanged", "aggregateId", "ACME-00001", "payload", payload));
  }

  @Test
  void namesItsFieldsAndTopLevelPayloadMembers() {
    StreamEvent event = event("{\"sku\":\"ACME-00001\",\"category\":\"tools\",\"price\":9.5,\"stock\":0}");

    assertThat(event.type()).isEqualTo("PriceChanged");
    assertThat(event.field("aggregateId")).isEqualTo("ACME-00001");
    assertThat(event.field("payload.category")).isEqualTo("tools");
    assertThat(event.field("payload.price")).isEqualTo("9.5");
    assertThat(event.field("payload.stock")).isEqualTo("0");
    assertThat(event.field("payload.colour")).isNull();
    assertThat(event.field("sequence")).isNull();
  }

  @Test
  void aPayloadThatIsNoObjectHasNoMembers() {
    assertThat(event("not json").field("payload.sku")).isNull();
    assertThat(event("[1,2]").field("payload.sku")).isNull();
  }
}
