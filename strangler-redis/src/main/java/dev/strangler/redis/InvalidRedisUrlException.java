package dev.strangler.redis;

/** A Redis URL that does not describe a deployment; the message says why and never shows the password. */
public final class InvalidRedisUrlException extends IllegalArgumentException {

  public InvalidRedisUrlException(String message) {
    super(message);
  }
}
