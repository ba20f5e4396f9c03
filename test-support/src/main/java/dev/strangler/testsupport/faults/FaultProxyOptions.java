package dev.strangler.testsupport.faults;

import java.time.Duration;
import java.util.Objects;

/**
 * Where a {@link FaultProxy} listens and what it forwards to.
 *
 * @param upstreamHost the real server's host; default {@value #DEFAULT_HOST}
 * @param upstreamPort the real server's port (required)
 * @param listenPort the port to listen on, kept across {@link FaultProxy#down()}/{@link FaultProxy#clear()}; default
 *     {@value #DEFAULT_LISTEN_PORT} (any free port)
 * @param chunkSize the most bytes read and forwarded at once: latency and bandwidth apply per chunk; default
 *     {@value #DEFAULT_CHUNK_SIZE}
 * @param connectTimeout how long connecting upstream may take before the client's connection is reset; default
 *     {@link #DEFAULT_CONNECT_TIMEOUT}
 */
public record FaultProxyOptions(String upstreamHost, int upstreamPort, int listenPort, int chunkSize,
                                Duration connectTimeout) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_LISTEN_PORT = 0;
  /** Netty's default read size: a small HTTP answer is one chunk, a large body many. */
  public static final int DEFAULT_CHUNK_SIZE = 8192;
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);

  public FaultProxyOptions {
    Objects.requireNonNull(upstreamHost, "upstreamHost == null");
    Objects.requireNonNull(connectTimeout, "connectTimeout == null");
    if (upstreamPort <= 0 || upstreamPort > 65535) {
      throw new IllegalArgumentException("upstreamPort " + upstreamPort + " is not a port");
    }
    if (listenPort < 0 || listenPort > 65535) {
      throw new IllegalArgumentException("listenPort " + listenPort + " is not a port");
    }
    if (chunkSize <= 0) {
      throw new IllegalArgumentException("chunkSize " + chunkSize + " <= 0");
    }
  }

  /** Forwards to {@code 127.0.0.1:upstreamPort} from a free port, with the defaults. */
  public static FaultProxyOptions to(int upstreamPort) {
    return new FaultProxyOptions(DEFAULT_HOST, upstreamPort, DEFAULT_LISTEN_PORT, DEFAULT_CHUNK_SIZE, DEFAULT_CONNECT_TIMEOUT);
  }

  public FaultProxyOptions withListenPort(int port) {
    return new FaultProxyOptions(upstreamHost, upstreamPort, port, chunkSize, connectTimeout);
  }

  public FaultProxyOptions withChunkSize(int size) {
    return new FaultProxyOptions(upstreamHost, upstreamPort, listenPort, size, connectTimeout);
  }

  public FaultProxyOptions withConnectTimeout(Duration timeout) {
    return new FaultProxyOptions(upstreamHost, upstreamPort, listenPort, chunkSize, timeout);
  }
}
