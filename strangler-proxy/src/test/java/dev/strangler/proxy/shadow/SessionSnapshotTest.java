package dev.strangler.proxy.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The snapshot header's value: base64url of each attribute's stored JSON (null when absent), bounded. */
class SessionSnapshotTest {

  private static JsonObject decode(String value) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8));
  }

  @Test
  void eachAttributeIsItsStoredJsonOrNull() {
    Map<String, String> stored = new LinkedHashMap<>();
    stored.put("cart", "{\"ACME-00001\":2}");
    stored.put("step", null);

    String value = SessionSnapshot.encode(stored);

    assertThat(value).doesNotContain("=", "+", "/");
    assertThat(decode(value)).isEqualTo(new JsonObject().put("cart", new JsonObject().put("ACME-00001", 2)).putNull("step"));
  }

  @Test
  void anAttributeThatIsNotJsonOrASnapshotOverTheCapIsRefused() {
    assertThatThrownBy(() -> SessionSnapshot.encode(Map.of("cart", "{not json")))
        .hasMessage("session attribute 'cart' is not JSON");
    assertThatThrownBy(() -> SessionSnapshot.encode(Map.of("cart", "\"" + "x".repeat(SessionSnapshot.MAX_HEADER_BYTES) + "\"")))
        .hasMessageStartingWith("session snapshot of ").hasMessageEndingWith(" bytes is over 4096");
  }
}
