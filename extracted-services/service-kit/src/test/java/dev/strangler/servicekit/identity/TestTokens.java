package dev.strangler.servicekit.identity;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Identity tokens made the way the proxy makes them, or bent in one way, for the tests of services
 * (shipped in service-kit's test jar).
 */
public final class TestTokens {

  public static final String KEY = "the-shared-identity-key-of-the-tests-0123456789";
  public static final String SERVICE = "catalog-service";

  private TestTokens() {}

  /** The claims the proxy puts in a token for {@code audience}, valid for a minute from now. */
  public static JsonObject claims(String audience) {
    long now = System.currentTimeMillis() / 1000;
    return new JsonObject().put("sub", "1").put("email", "customer001@acme.test").put("sid", "c2Vzc2lvbi1oYXNo")
        .put("iss", IdentityVerifier.ISSUER).put("aud", audience).put("iat", now).put("exp", now + 60);
  }

  /** {@code claims} as they are, HS256-signed with {@code key}. */
  public static String sign(Vertx vertx, String key, JsonObject claims) {
    JWTAuth jwt = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm(IdentityVerifier.ALGORITHM).setBuffer(key)));
    return jwt.generateToken(claims, new JWTOptions().setAlgorithm(IdentityVerifier.ALGORITHM));
  }

  public static String valid(Vertx vertx) {
    return sign(vertx, KEY, claims(SERVICE));
  }

  /** A valid token whose payload says customer {@code 2} while keeping customer 1's signature. */
  public static String tampered(Vertx vertx) {
    String[] parts = valid(vertx).split("\\.");
    JsonObject payload = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    payload.put("sub", "2");
    return parts[0] + "." + encode(payload) + "." + parts[2];
  }

  /** The same claims, with {@code alg: none} and no signature. */
  public static String unsigned() {
    return encode(new JsonObject().put("alg", "none").put("typ", "JWT")) + "." + encode(claims(SERVICE)) + ".";
  }

  private static String encode(JsonObject json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }
}
