package dev.strangler.proxy.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/** Entry names scope a key to its caller and route without showing it; fingerprints tell requests apart. */
class IdempotencyKeysTest {

  private final IdempotencyKeys keys = new IdempotencyKeys("shop:");

  @Test
  void anEntryIsNamedByRouteAndAHashOfKeyAndScopeNeverTheKeyItself() {
    String entry = keys.entry("checkout", "order-42", "session:abc");

    assertThat(entry).matches("shop:idem:checkout:[0-9a-f]{64}").doesNotContain("order-42").doesNotContain("abc");
    assertThat(keys.entry("checkout", "order-42", "session:abc")).as("stable").isEqualTo(entry);
  }

  @Test
  void theSameKeyFromAnotherCallerOrOnAnotherRouteIsAnotherEntry() {
    String entry = keys.entry("checkout", "order-42", "session:abc");

    assertThat(keys.entry("checkout", "order-42", "session:abd")).isNotEqualTo(entry);
    assertThat(keys.entry("checkout", "order-42", "client:10.0.0.1")).isNotEqualTo(entry);
    assertThat(keys.entry("payments", "order-42", "session:abc")).isNotEqualTo(entry);
    assertThat(keys.entry("checkout", "order-4", "2session:abc")).as("where the key ends is part of it")
        .isNotEqualTo(keys.entry("checkout", "order-42", "session:abc"));
  }

  @Test
  void aFingerprintCoversMethodUriAndBody() {
    String one = IdempotencyKeys.fingerprint("POST", "/api/checkout", Buffer.buffer("{\"a\":1}"));

    assertThat(IdempotencyKeys.fingerprint("POST", "/api/checkout", Buffer.buffer("{\"a\":1}"))).isEqualTo(one);
    assertThat(IdempotencyKeys.fingerprint("PATCH", "/api/checkout", Buffer.buffer("{\"a\":1}"))).isNotEqualTo(one);
    assertThat(IdempotencyKeys.fingerprint("POST", "/api/checkout?x=1", Buffer.buffer("{\"a\":1}"))).isNotEqualTo(one);
    assertThat(IdempotencyKeys.fingerprint("POST", "/api/checkout", Buffer.buffer("{\"a\":2}"))).isNotEqualTo(one);
    assertThat(IdempotencyKeys.fingerprint("POST", "/api/checkout", Buffer.buffer())).isNotEqualTo(one);
  }
}
