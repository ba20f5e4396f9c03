package dev.strangler.proxy.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Who a bearer token is. Tokens are compared as SHA-256 digests with {@link MessageDigest#isEqual},
 * which takes the same time whatever the input, so response times leak nothing about the tokens.
 */
final class BearerTokens {

  /** What a caller may do. */
  enum Role { WRITER, READER }

  private final byte[] writer;
  private final byte[] reader;

  BearerTokens(String writerToken, String readerToken) {
    this.writer = digest(writerToken);
    this.reader = readerToken == null ? null : digest(readerToken);
  }

  /** The role of an {@code Authorization} header value, or null when it carries no valid token. */
  Role roleOf(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    byte[] presented = digest(authorization.substring(7).trim());
    boolean isWriter = MessageDigest.isEqual(presented, writer);
    boolean isReader = reader != null && MessageDigest.isEqual(presented, reader);
    return isWriter ? Role.WRITER : isReader ? Role.READER : null;
  }

  private static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
