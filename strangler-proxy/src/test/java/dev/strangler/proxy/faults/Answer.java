package dev.strangler.proxy.faults;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The body a side answers to one request, made from the side's name, the request's id and the size asked for: a client
 * can tell whose answer it got and whether it is whole.
 */
final class Answer {

  static final String ID_HEADER = "X-Echo-Id";
  static final String SHA256_HEADER = "X-Body-Sha256";

  private Answer() {}

  /** {@code <side>:<id>:} then letters that depend on the id, to {@code size} bytes. */
  static byte[] body(String side, String id, int size) {
    byte[] prefix = (side + ":" + id + ":").getBytes(StandardCharsets.US_ASCII);
    byte[] body = new byte[Math.max(size, prefix.length)];
    System.arraycopy(prefix, 0, body, 0, prefix.length);
    int seed = Math.floorMod(id.hashCode(), 26);
    for (int i = prefix.length; i < body.length; i++) {
      body[i] = (byte) ('a' + (seed + i) % 26);
    }
    return body;
  }

  /** The side named at the start of an answer, or null when it doesn't start like one. */
  static String side(byte[] body) {
    String start = new String(body, 0, Math.min(body.length, 16), StandardCharsets.US_ASCII);
    int colon = start.indexOf(':');
    return colon < 0 ? null : start.substring(0, colon);
  }

  static String sha256(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
