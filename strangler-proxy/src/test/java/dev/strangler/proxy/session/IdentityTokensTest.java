package dev.strangler.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The signed identity, checked with the library as a service checks it (service-kit's own tests cover its verifier). */
class IdentityTokensTest {

  private static final String SECRET = "the-shared-identity-key-of-the-tests-0123456789";
  private static final String SESSION_ID = "ee704467-5d5c-486e-b4b8-699a2b146b42";
  private static final SessionIdentity CUSTOMER = new SessionIdentity("1", "customer001@acme.test", SessionIdentity.hash(SESSION_ID));

  private static Vertx vertx;
  private static IdentityTokens tokens;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    tokens = new IdentityTokens(vertx, IdentityKey.of(SECRET), Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Test
  void aSignedIdentityVerifiesWithTheSameKeyForItsAudienceAndCarriesTheClaims() {
    User user = verifier(SECRET, "catalog-service").authenticate(new TokenCredentials(tokens.sign(CUSTOMER, "catalog-service"))).await();

    JsonObject claims = user.attributes().getJsonObject("accessToken");
    assertThat(claims.getString("sub")).isEqualTo("1");
    assertThat(claims.getString("email")).isEqualTo("customer001@acme.test");
    assertThat(claims.getString("sid")).isEqualTo(SessionIdentity.hash(SESSION_ID)).hasSize(43);
    assertThat(claims.getString("iss")).isEqualTo("strangler-proxy");
    assertThat(claims.getString("aud")).isEqualTo("catalog-service");
    assertThat(claims.getLong("exp") - claims.getLong("iat")).isEqualTo(60);
  }

  @Test
  void theRawSessionIdNeverAppearsInTheToken() {
    String token = tokens.sign(CUSTOMER, "catalog-service");

    String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    assertThat(payload).doesNotContain(SESSION_ID).doesNotContain(SESSION_ID.replace("-", ""));
  }

  @Test
  void anotherKeyAnotherAudienceOrATamperedPayloadDoNotVerify() {
    String token = tokens.sign(CUSTOMER, "catalog-service");
    String[] parts = token.split("\\.");
    JsonObject payload = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)).put("sub", "2");
    String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(payload.encode().getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

    assertThatThrownBy(() -> verifier("another-key-of-at-least-32-bytes-000000", "catalog-service")
        .authenticate(new TokenCredentials(token)).await()).hasMessageContaining("Signature verification failed");
    assertThatThrownBy(() -> verifier(SECRET, "orders-service").authenticate(new TokenCredentials(token)).await())
        .hasMessageContaining("audience");
    assertThatThrownBy(() -> verifier(SECRET, "catalog-service").authenticate(new TokenCredentials(tampered)).await())
        .hasMessageContaining("Signature verification failed");
  }

  @Test
  void aKeyShorterThan32BytesIsRefusedAndNeverPrinted() {
    assertThatThrownBy(() -> IdentityKey.of("short-secret")).hasMessage("an identity key needs at least 32 bytes, got 12");
    assertThat(IdentityKey.of(SECRET).toString()).doesNotContain(SECRET).isEqualTo("IdentityKey[47 bytes, redacted]");
  }

  private static JWTAuth verifier(String secret, String audience) {
    return JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret))
        .setJWTOptions(new JWTOptions().setIssuer("strangler-proxy").setAudience(List.of(audience))));
  }
}
