package dev.strangler.proxy.admin;

import dev.strangler.proxy.edge.ListenerTls;
import java.util.Objects;

/**
 * The admin API's listener and credentials. It listens apart from public traffic, on loopback unless told otherwise.
 *
 * @param host address to bind; default {@value #DEFAULT_HOST}
 * @param port default {@value #DEFAULT_PORT}; 0 picks a free one
 * @param token bearer token that may read and change routes (required: without it the admin API stays off)
 * @param readToken bearer token that may only read; null for none
 * @param tls TLS on the admin listener, with client certificates required when it names a client CA; null for plain HTTP
 *     (the default: loopback, or a network only the fleet reaches)
 */
public record AdminOptions(String host, int port, String token, String readToken, ListenerTls tls) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8090;
  /** Shorter tokens are refused: they can be guessed. */
  public static final int MIN_TOKEN_LENGTH = 16;

  public AdminOptions {
    Objects.requireNonNull(host, "host == null");
    Objects.requireNonNull(token, "token == null");
  }

  /** Plain HTTP. */
  public AdminOptions(String host, int port, String token, String readToken) {
    this(host, port, token, readToken, null);
  }

  @Override
  public String toString() {
    // Tokens never reach a log.
    return "AdminOptions[host=" + host + ", port=" + port + ", token=***, readToken=" + (readToken == null ? "none" : "***")
        + ", tls=" + (tls == null ? "off" : tls.certificateChain())
        + (tls == null || tls.clientCa() == null ? "" : ", clientCa=" + tls.clientCa()) + "]";
  }
}
