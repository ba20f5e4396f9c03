package dev.strangler.proxy.idempotency;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Names of idempotency entries and fingerprints of requests. An entry is {@code <prefix>idem:<route>:<sha256>} of the
 * client's key and its scope (session or client address), so the same key from two callers is two entries and the raw
 * key never reaches Redis; a request's fingerprint is the SHA-256 of its method, URI and body.
 */
final class IdempotencyKeys {

  private final String prefix;

  IdempotencyKeys(String prefix) {
    this.prefix = Objects.requireNonNull(prefix, "prefix == null") + "idem:";
  }

  /** The entry of {@code key} sent by {@code scope} on {@code route}. */
  String entry(String route, String key, String scope) {
    MessageDigest digest = sha256();
    // Lengths first: "ab"+"c" and "a"+"bc" must not meet.
    digest.update((key.length() + ":" + key + "\n" + scope.length() + ":" + scope).getBytes(StandardCharsets.UTF_8));
    return prefix + route + ":" + HexFormat.of().formatHex(digest.digest());
  }

  /** What a retry must repeat exactly: method, URI (path and query as sent) and body. */
  static String fingerprint(String method, String uri, Buffer body) {
    MessageDigest digest = sha256();
    digest.update((method + " " + uri + "\n").getBytes(StandardCharsets.UTF_8));
    if (body != null) {
      digest.update(body.getBytes());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
