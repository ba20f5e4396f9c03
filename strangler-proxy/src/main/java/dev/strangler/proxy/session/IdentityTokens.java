package dev.strangler.proxy.session;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Signs the short-lived token that tells an extracted backend who the user is: an HS256 JWT (vertx-auth-jwt) with
 * {@code sub} = customer id, {@code email}, {@code sid} = the session hash, {@code iat}, {@code exp},
 * {@code iss} = {@value #ISSUER} and {@code aud} = the backend's name, so a token for one service is refused by
 * another. One per event loop: the library signs under a lock per key.
 */
public final class IdentityTokens {

  public static final String ISSUER = "strangler-proxy";
  public static final String ALGORITHM = "HS256";
  public static final String EMAIL_CLAIM = "email";
  public static final String SESSION_CLAIM = "sid";

  private final JWTAuth jwt;
  private final int lifetimeSeconds;

  public IdentityTokens(Vertx vertx, IdentityKey key, Duration lifetime) {
    Objects.requireNonNull(key, "key == null");
    this.lifetimeSeconds = (int) Objects.requireNonNull(lifetime, "lifetime == null").toSeconds();
    if (lifetimeSeconds < 1) {
      throw new IllegalArgumentException("token lifetime must be at least one second, got " + lifetime);
    }
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(key.buffer())));
  }

  /** A token for {@code audience} (the backend's name) saying who {@code identity} is. */
  public String sign(SessionIdentity identity, String audience) {
    JsonObject claims = new JsonObject().put(SESSION_CLAIM, identity.sessionHash());
    if (identity.email() != null) {
      claims.put(EMAIL_CLAIM, identity.email());
    }
    return jwt.generateToken(claims, new JWTOptions()
        .setAlgorithm(ALGORITHM)
        .setSubject(identity.customerId())
        .setIssuer(ISSUER)
        .setAudience(List.of(audience))
        .setExpiresInSeconds(lifetimeSeconds));
  }
}
