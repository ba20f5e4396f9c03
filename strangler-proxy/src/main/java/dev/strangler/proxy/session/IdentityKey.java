package dev.strangler.proxy.session;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** The shared HS256 key the proxy signs identities with and extracted services verify them with; never printed. */
public final class IdentityKey {

  /** HS256 keys shorter than the hash output (32 bytes) weaken it (RFC 7518 §3.2). */
  public static final int MIN_BYTES = 32;

  private final byte[] bytes;

  private IdentityKey(byte[] bytes) {
    this.bytes = bytes;
  }

  /** The UTF-8 bytes of {@code secret} are the key; throws when there are fewer than {@link #MIN_BYTES}. */
  public static IdentityKey of(String secret) {
    Objects.requireNonNull(secret, "secret == null");
    byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
    if (bytes.length < MIN_BYTES) {
      throw new IllegalArgumentException("an identity key needs at least " + MIN_BYTES + " bytes, got " + bytes.length);
    }
    return new IdentityKey(bytes);
  }

  /** The key material, for vertx-auth-jwt's {@code PubSecKeyOptions}. */
  Buffer buffer() {
    return Buffer.buffer(bytes.clone());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IdentityKey other && java.security.MessageDigest.isEqual(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "IdentityKey[" + bytes.length + " bytes, redacted]";
  }
}
