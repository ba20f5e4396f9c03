package dev.strangler.orders.cart;

import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Pattern;

/** The monolith's session id from its {@code SESSION} cookie (base64 of the id, Spring Session's default); malformed: none. */
public final class SessionId {

  public static final String COOKIE = "SESSION";
  private static final Pattern ID = Pattern.compile("[\\x21-\\x7e]{1,128}");

  private SessionId() {}

  /** The session id, or null when the request has none worth looking up. */
  public static String of(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(COOKIE);
    if (cookie == null || cookie.getValue().isEmpty()) {
      return null;
    }
    try {
      String id = new String(Base64.getDecoder().decode(cookie.getValue()), StandardCharsets.UTF_8);
      return ID.matcher(id).matches() ? id : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The {@code Set-Cookie} value for a new session, as Spring Session writes it (the monolith's cookie settings). */
  public static String setCookie(String id) {
    return COOKIE + "=" + Base64.getEncoder().encodeToString(id.getBytes(StandardCharsets.UTF_8)) + "; Path=/; HttpOnly; SameSite=Lax";
  }

  /** Base64url SHA-256 of the id: what the proxy puts in an identity token's {@code sid}. */
  public static String hash(String id) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
