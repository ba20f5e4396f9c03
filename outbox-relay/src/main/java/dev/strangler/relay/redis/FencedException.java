package dev.strangler.relay.redis;

import redis.clients.jedis.exceptions.JedisDataException;

/** Redis refused a write because this instance no longer holds the lease it was made under. */
public final class FencedException extends RuntimeException {

  public FencedException(String message) {
    super(message);
  }

  /** A script's error as this exception when the script refused for the lease, else as it is. */
  static RuntimeException when(JedisDataException e) {
    return String.valueOf(e.getMessage()).startsWith("FENCED") ? new FencedException(e.getMessage()) : e;
  }
}
