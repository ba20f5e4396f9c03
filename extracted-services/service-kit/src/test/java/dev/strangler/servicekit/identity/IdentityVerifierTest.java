package dev.strangler.servicekit.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IdentityVerifierTest {

  private static Vertx vertx;
  private static IdentityVerifier verifier;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    verifier = new IdentityVerifier(vertx, TestTokens.KEY, TestTokens.SERVICE);
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Test
  void aTokenSignedWithTheSharedKeyForThisServiceGivesTheCustomer() {
    JsonObject claims = TestTokens.claims(TestTokens.SERVICE);

    Identity identity = verifier.verify(TestTokens.sign(vertx, TestTokens.KEY, claims)).await();

    assertThat(identity).isEqualTo(new Identity("1", "customer001@acme.test", "c2Vzc2lvbi1oYXNo",
        Instant.ofEpochSecond(claims.getLong("exp"))));
  }

  @Test
  void anExpiredTokenIsRefused() {
    JsonObject claims = TestTokens.claims(TestTokens.SERVICE);
    claims.put("iat", claims.getLong("iat") - 120).put("exp", claims.getLong("iat") - 60);

    assertRefused(verifier.verify(TestTokens.sign(vertx, TestTokens.KEY, claims)), "the identity token has expired");
  }

  @Test
  void aTokenExpiredByLessThanTheLeewayIsStillAccepted() {
    JsonObject claims = TestTokens.claims(TestTokens.SERVICE);
    claims.put("exp", claims.getLong("iat") - 2);

    assertThat(verifier.verify(TestTokens.sign(vertx, TestTokens.KEY, claims)).await().customerId()).isEqualTo("1");
  }

  @Test
  void aTokenSignedWithAnotherKeyIsRefused() {
    String forged = TestTokens.sign(vertx, "an-attackers-guess-at-the-key-0123456789", TestTokens.claims(TestTokens.SERVICE));

    assertRefused(verifier.verify(forged), "the identity token's signature or format is invalid");
  }

  @Test
  void aTokenForAnotherServiceIsRefused() {
    String forOrders = TestTokens.sign(vertx, TestTokens.KEY, TestTokens.claims("orders-service"));

    assertRefused(verifier.verify(forOrders), "the identity token is not meant for catalog-service");
  }

  @Test
  void aTokenFromAnotherIssuerIsRefused() {
    String token = TestTokens.sign(vertx, TestTokens.KEY, TestTokens.claims(TestTokens.SERVICE).put("iss", "someone-else"));

    assertRefused(verifier.verify(token), "the identity token was not issued by strangler-proxy");
  }

  @Test
  void aTamperedPayloadIsRefused() {
    assertRefused(verifier.verify(TestTokens.tampered(vertx)), "the identity token's signature or format is invalid");
  }

  @Test
  void anUnsignedTokenIsRefused() {
    assertRefused(verifier.verify(TestTokens.unsigned()), "the identity token's signature or format is invalid");
  }

  @Test
  void aTokenWithoutExpiryIsRefused() {
    JsonObject claims = TestTokens.claims(TestTokens.SERVICE);
    claims.remove("exp");

    assertRefused(verifier.verify(TestTokens.sign(vertx, TestTokens.KEY, claims)), "the identity token has no expiry");
  }

  @Test
  void garbageIsRefusedWithoutAnException() {
    assertRefused(verifier.verify("not.a.token"), "the identity token's signature or format is invalid");
    assertRefused(verifier.verify(""), "the identity token is empty");
  }

  @Test
  void aKeyShorterThan32BytesIsRefused() {
    assertThatThrownBy(() -> new IdentityVerifier(vertx, "too-short", TestTokens.SERVICE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the identity key needs at least 32 bytes, got 9");
  }

  private static void assertRefused(Future<Identity> verified, String reason) {
    assertThatThrownBy(verified::await).isInstanceOf(InvalidIdentityException.class).hasMessage(reason);
  }
}
