package dev.strangler.servicekit.identity;

import io.vertx.core.Future;
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
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Verifies the identity tokens the strangler proxy signs (vertx-auth-jwt, HS256 with the key the proxy has in
 * {@code STRANGLER_IDENTITY_KEY}): the signature, the expiry (with a small leeway for clock drift), the issuer
 * {@value #ISSUER} and the audience, which must be this service's name: the backend name the proxy routes to.
 */
public final class IdentityVerifier {

  /** The request header the proxy puts the token in. */
  public static final String HEADER = "X-Strangler-Identity";
  public static final String ISSUER = "strangler-proxy";
  public static final String ALGORITHM = "HS256";
  /** The same rule as the proxy's: an HS256 key shorter than its hash weakens it (RFC 7518 §3.2). */
  public static final int MIN_KEY_BYTES = 32;
  /** Clocks of the proxy and the service may disagree by this much. */
  public static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(5);

  private final JWTAuth jwt;
  private final String serviceName;

  /** With {@link #DEFAULT_LEEWAY}. */
  public IdentityVerifier(Vertx vertx, String key, String serviceName) {
    this(vertx, key, serviceName, DEFAULT_LEEWAY);
  }

  /** {@code key} is used as its UTF-8 bytes, exactly as the proxy uses it. */
  public IdentityVerifier(Vertx vertx, String key, String serviceName, Duration leeway) {
    Objects.requireNonNull(key, "key == null");
    this.serviceName = Objects.requireNonNull(serviceName, "serviceName == null");
    int bytes = key.getBytes(StandardCharsets.UTF_8).length;
    if (bytes < MIN_KEY_BYTES) {
      throw new IllegalArgumentException("the identity key needs at least " + MIN_KEY_BYTES + " bytes, got " + bytes);
    }
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(key))
        .setJWTOptions(new JWTOptions()
            .setIssuer(ISSUER)
            .setAudience(List.of(serviceName))
            .setLeeway((int) Objects.requireNonNull(leeway, "leeway == null").toSeconds())));
  }

  /** The identity in {@code token}; fails with {@link InvalidIdentityException} saying why it can't be trusted. */
  public Future<Identity> verify(String token) {
    if (token == null || token.isBlank()) {
      return Future.failedFuture(new InvalidIdentityException("the identity token is empty"));
    }
    return jwt.authenticate(new TokenCredentials(token))
        .recover(e -> Future.failedFuture(new InvalidIdentityException(reason(e))))
        .compose(this::identity);
  }

  private Future<Identity> identity(User user) {
    JsonObject claims = user.attributes().getJsonObject("accessToken", new JsonObject());
    // The library treats a token without exp as never expiring; the proxy always sets one.
    if (!(claims.getValue("exp") instanceof Number exp)) {
      return Future.failedFuture(new InvalidIdentityException("the identity token has no expiry"));
    }
    if (!(claims.getValue("sub") instanceof String sub) || sub.isBlank()) {
      return Future.failedFuture(new InvalidIdentityException("the identity token names no customer"));
    }
    return Future.succeededFuture(new Identity(sub, claims.getValue("email") instanceof String e ? e : null,
        claims.getValue("sid") instanceof String s ? s : null, Instant.ofEpochSecond(exp.longValue())));
  }

  /** A reason a client developer can act on, from the library's failure; never its stack trace. */
  private String reason(Throwable failure) {
    String message = String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT);
    if (message.contains("expired")) {
      return "the identity token has expired";
    }
    if (message.contains("audience")) {
      return "the identity token is not meant for " + serviceName;
    }
    if (message.contains("issuer")) {
      return "the identity token was not issued by " + ISSUER;
    }
    return "the identity token's signature or format is invalid";
  }
}
