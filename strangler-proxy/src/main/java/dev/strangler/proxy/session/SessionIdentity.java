package dev.strangler.proxy.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;

/**
 * Who a resolved session belongs to, as forwarded to extracted backends.
 *
 * @param customerId the monolith's customer id
 * @param email the customer's email; null when the session has none
 * @param sessionHash {@link #hash} of the session id: lets a service tell sessions apart without holding one
 */
public record SessionIdentity(String customerId, String email, String sessionHash) {

  public SessionIdentity {
    Objects.requireNonNull(customerId, "customerId == null");
    Objects.requireNonNull(sessionHash, "sessionHash == null");
  }

  /**
   * Base64url SHA-256 of a session id. The raw id is a bearer credential for the monolith and never leaves the
   * proxy; ids are random (UUIDs), so the hash can't be turned back into one.
   */
  public static String hash(String sessionId) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
