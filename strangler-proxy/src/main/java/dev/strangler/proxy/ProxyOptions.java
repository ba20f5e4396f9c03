package dev.strangler.proxy;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * What one proxy instance needs to start.
 *
 * @param publicHost address the public listener binds; default {@link #DEFAULT_PUBLIC_HOST}
 * @param publicPort port of public traffic; default {@link #DEFAULT_PUBLIC_PORT}, 0 picks a free one
 * @param legacy the monolith's base URL; default {@link #DEFAULT_LEGACY}
 * @param connectTimeout connect timeout towards a backend; default {@link #DEFAULT_CONNECT_TIMEOUT}
 * @param responseTimeout idle timeout while waiting for a backend's response; default {@link #DEFAULT_RESPONSE_TIMEOUT}
 */
public record ProxyOptions(String publicHost, int publicPort, URI legacy, Duration connectTimeout, Duration responseTimeout) {

  public static final String DEFAULT_PUBLIC_HOST = "0.0.0.0";
  public static final int DEFAULT_PUBLIC_PORT = 8080;
  public static final URI DEFAULT_LEGACY = URI.create("http://127.0.0.1:8081");
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(30);

  public ProxyOptions {
    Objects.requireNonNull(publicHost, "publicHost == null");
    Objects.requireNonNull(legacy, "legacy == null");
    Objects.requireNonNull(connectTimeout, "connectTimeout == null");
    Objects.requireNonNull(responseTimeout, "responseTimeout == null");
  }

  public static ProxyOptions defaults() {
    return new ProxyOptions(DEFAULT_PUBLIC_HOST, DEFAULT_PUBLIC_PORT, DEFAULT_LEGACY, DEFAULT_CONNECT_TIMEOUT, DEFAULT_RESPONSE_TIMEOUT);
  }

  public ProxyOptions withPublicPort(int port) {
    return new ProxyOptions(publicHost, port, legacy, connectTimeout, responseTimeout);
  }

  public ProxyOptions withLegacy(URI uri) {
    return new ProxyOptions(publicHost, publicPort, uri, connectTimeout, responseTimeout);
  }

  public ProxyOptions withResponseTimeout(Duration timeout) {
    return new ProxyOptions(publicHost, publicPort, legacy, connectTimeout, timeout);
  }

  int legacyPort() {
    return legacy.getPort() != -1 ? legacy.getPort() : ("https".equals(legacy.getScheme()) ? 443 : 80);
  }
}
