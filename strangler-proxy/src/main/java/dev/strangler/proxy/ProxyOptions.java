package dev.strangler.proxy;

import dev.strangler.proxy.edge.ListenerTls;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * What one proxy instance needs to start: its public listener and edge limits, and the forwarding
 * defaults routes fall back on. Build with {@link #builder()}; every default is a named constant.
 *
 * @param publicHost address the public listener binds; default {@link #DEFAULT_PUBLIC_HOST}
 * @param publicPort port of public traffic; default {@link #DEFAULT_PUBLIC_PORT}, 0 picks a free one
 * @param legacy the monolith's base URL, used when no route table is configured; default {@link #DEFAULT_LEGACY}
 * @param connectTimeout connect timeout towards a backend, unless the route says; default {@link #DEFAULT_CONNECT_TIMEOUT}
 * @param responseTimeout wait for a backend's response head, then at most this between two body chunks, unless the route says; default {@link #DEFAULT_RESPONSE_TIMEOUT}
 * @param maxHeaderSize bytes of request headers accepted, else 431; default {@link #DEFAULT_MAX_HEADER_SIZE}
 * @param maxInitialLineLength bytes of the request line accepted, else 414; default {@link #DEFAULT_MAX_INITIAL_LINE_LENGTH}
 * @param maxHeaderCount header fields accepted per request, else 431; default {@link #DEFAULT_MAX_HEADER_COUNT}
 * @param idleTimeout a public connection with no traffic either way is closed after this; default {@link #DEFAULT_IDLE_TIMEOUT}
 * @param headerReadTimeout a request's line and headers must arrive within this, however slowly each byte comes
 *     (slowloris); default {@link #DEFAULT_HEADER_READ_TIMEOUT}
 * @param preserveHost send the client's Host to backends (else the backend's own address); default true
 * @param debugHeaders name the route, backend and epoch in response headers; default false (the lab turns it on)
 * @param trustedHops load balancers in front of the proxy whose X-Forwarded-* entries are kept; default 0 (none:
 *     the proxy is the edge and overwrites them)
 * @param fallbackReplayMaxBytes largest request body held in memory so a fallback route can send the request to the
 *     monolith after the extracted side failed or timed out; larger or chunked bodies stream and only fall back when
 *     no connection could be opened; default {@link #DEFAULT_FALLBACK_REPLAY_MAX_BYTES}
 * @param holdAnswerMaxBytes on fallback routes, the largest extracted answer held until its body has ended (so one cut
 *     part way is served by the monolith), unless the route says ({@code holdAnswer}); 0: never held; default
 *     {@link #DEFAULT_HOLD_ANSWER_MAX_BYTES}
 * @param shutdownGrace on stop (SIGTERM), how long requests in flight may go on finishing before what is left is cut; an
 *     orchestrator's kill deadline must be longer (Kubernetes: {@code terminationGracePeriodSeconds}); default
 *     {@link #DEFAULT_SHUTDOWN_GRACE}
 * @param accessLog write the {@code strangler.access} line of every request; default true (off: metrics still count
 *     every request; measured to cost a fifth of the throughput of a plain route on one core)
 * @param transport the Netty transport under the event loops; default {@link #DEFAULT_TRANSPORT} (epoll on Linux, else NIO)
 * @param publicTls TLS on the public listener; default null (plain HTTP: TLS ends at a load balancer in front)
 * @param backendCa PEM certificates of the CA(s) that https backends' certificates are checked against, instead of the
 *     JVM's trust store; default null (the JVM's)
 */
public record ProxyOptions(String publicHost, int publicPort, URI legacy, Duration connectTimeout, Duration responseTimeout,
    int maxHeaderSize, int maxInitialLineLength, int maxHeaderCount, Duration idleTimeout, Duration headerReadTimeout,
    boolean preserveHost, boolean debugHeaders, int trustedHops, long fallbackReplayMaxBytes,
    long holdAnswerMaxBytes, Duration shutdownGrace, boolean accessLog, EventLoopTransport transport,
    ListenerTls publicTls, java.nio.file.Path backendCa) {

  public static final String DEFAULT_PUBLIC_HOST = "0.0.0.0";
  public static final int DEFAULT_PUBLIC_PORT = 8080;
  public static final URI DEFAULT_LEGACY = URI.create("http://127.0.0.1:8081");
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_MAX_HEADER_SIZE = 8 * 1024;
  public static final int DEFAULT_MAX_INITIAL_LINE_LENGTH = 4 * 1024;
  /** Apache httpd's LimitRequestFields; Vert.x has no such option, the edge counts. */
  public static final int DEFAULT_MAX_HEADER_COUNT = 100;
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_HEADER_READ_TIMEOUT = Duration.ofSeconds(10);
  public static final boolean DEFAULT_PRESERVE_HOST = true;
  public static final boolean DEFAULT_DEBUG_HEADERS = false;
  public static final int DEFAULT_TRUSTED_HOPS = 0;
  public static final long DEFAULT_FALLBACK_REPLAY_MAX_BYTES = 64 * 1024;
  /** Most API answers are far smaller; a larger one streams as soon as it passes this (and can then only be cut). */
  public static final long DEFAULT_HOLD_ANSWER_MAX_BYTES = 1024 * 1024;
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);
  public static final boolean DEFAULT_ACCESS_LOG = true;
  public static final EventLoopTransport DEFAULT_TRANSPORT = EventLoopTransport.AUTO;
  /** HTTP codec chunk size on both sides of the proxy (Netty's default, 8 KiB, costs ~45 % on 64 KiB bodies here). */
  public static final int CODEC_CHUNK_SIZE = 64 * 1024;

  public ProxyOptions {
    Objects.requireNonNull(publicHost, "publicHost == null");
    Objects.requireNonNull(legacy, "legacy == null");
    Objects.requireNonNull(connectTimeout, "connectTimeout == null");
    Objects.requireNonNull(responseTimeout, "responseTimeout == null");
    Objects.requireNonNull(idleTimeout, "idleTimeout == null");
    Objects.requireNonNull(headerReadTimeout, "headerReadTimeout == null");
    Objects.requireNonNull(shutdownGrace, "shutdownGrace == null");
    Objects.requireNonNull(transport, "transport == null");
  }

  /** How a backend client trusts https backends: the CA file's certificates, else (null) the JVM's trust store. */
  public io.vertx.core.net.TrustOptions backendTrust() {
    return backendCa == null ? null : new io.vertx.core.net.PemTrustOptions().addCertPath(backendCa.toString());
  }

  public static ProxyOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.publicHost = publicHost;
    b.publicPort = publicPort;
    b.legacy = legacy;
    b.connectTimeout = connectTimeout;
    b.responseTimeout = responseTimeout;
    b.maxHeaderSize = maxHeaderSize;
    b.maxInitialLineLength = maxInitialLineLength;
    b.maxHeaderCount = maxHeaderCount;
    b.idleTimeout = idleTimeout;
    b.headerReadTimeout = headerReadTimeout;
    b.preserveHost = preserveHost;
    b.debugHeaders = debugHeaders;
    b.trustedHops = trustedHops;
    b.fallbackReplayMaxBytes = fallbackReplayMaxBytes;
    b.holdAnswerMaxBytes = holdAnswerMaxBytes;
    b.shutdownGrace = shutdownGrace;
    b.accessLog = accessLog;
    b.transport = transport;
    b.publicTls = publicTls;
    b.backendCa = backendCa;
    return b;
  }

  public ProxyOptions withPublicPort(int port) {
    return toBuilder().publicPort(port).build();
  }

  public ProxyOptions withLegacy(URI uri) {
    return toBuilder().legacy(uri).build();
  }

  public ProxyOptions withResponseTimeout(Duration timeout) {
    return toBuilder().responseTimeout(timeout).build();
  }

  public ProxyOptions withHeaderReadTimeout(Duration timeout) {
    return toBuilder().headerReadTimeout(timeout).build();
  }

  public ProxyOptions withMaxHeaderCount(int count) {
    return toBuilder().maxHeaderCount(count).build();
  }

  public ProxyOptions withDebugHeaders(boolean on) {
    return toBuilder().debugHeaders(on).build();
  }

  /** Builds {@link ProxyOptions}; unset values take the named defaults. */
  public static final class Builder {
    private String publicHost = DEFAULT_PUBLIC_HOST;
    private int publicPort = DEFAULT_PUBLIC_PORT;
    private URI legacy = DEFAULT_LEGACY;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration responseTimeout = DEFAULT_RESPONSE_TIMEOUT;
    private int maxHeaderSize = DEFAULT_MAX_HEADER_SIZE;
    private int maxInitialLineLength = DEFAULT_MAX_INITIAL_LINE_LENGTH;
    private int maxHeaderCount = DEFAULT_MAX_HEADER_COUNT;
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private Duration headerReadTimeout = DEFAULT_HEADER_READ_TIMEOUT;
    private boolean preserveHost = DEFAULT_PRESERVE_HOST;
    private boolean debugHeaders = DEFAULT_DEBUG_HEADERS;
    private int trustedHops = DEFAULT_TRUSTED_HOPS;
    private long fallbackReplayMaxBytes = DEFAULT_FALLBACK_REPLAY_MAX_BYTES;
    private long holdAnswerMaxBytes = DEFAULT_HOLD_ANSWER_MAX_BYTES;
    private Duration shutdownGrace = DEFAULT_SHUTDOWN_GRACE;
    private boolean accessLog = DEFAULT_ACCESS_LOG;
    private EventLoopTransport transport = DEFAULT_TRANSPORT;
    private ListenerTls publicTls;
    private java.nio.file.Path backendCa;

    private Builder() {}

    public Builder publicHost(String v) { publicHost = v; return this; }
    public Builder publicPort(int v) { publicPort = v; return this; }
    public Builder legacy(URI v) { legacy = v; return this; }
    public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
    public Builder responseTimeout(Duration v) { responseTimeout = v; return this; }
    public Builder maxHeaderSize(int v) { maxHeaderSize = v; return this; }
    public Builder maxInitialLineLength(int v) { maxInitialLineLength = v; return this; }
    public Builder maxHeaderCount(int v) { maxHeaderCount = v; return this; }
    public Builder idleTimeout(Duration v) { idleTimeout = v; return this; }
    public Builder headerReadTimeout(Duration v) { headerReadTimeout = v; return this; }
    public Builder preserveHost(boolean v) { preserveHost = v; return this; }
    public Builder debugHeaders(boolean v) { debugHeaders = v; return this; }
    public Builder trustedHops(int v) { trustedHops = v; return this; }
    public Builder fallbackReplayMaxBytes(long v) { fallbackReplayMaxBytes = v; return this; }
    public Builder holdAnswerMaxBytes(long v) { holdAnswerMaxBytes = v; return this; }
    public Builder shutdownGrace(Duration v) { shutdownGrace = v; return this; }
    public Builder accessLog(boolean v) { accessLog = v; return this; }
    public Builder transport(EventLoopTransport v) { transport = v; return this; }
    public Builder publicTls(ListenerTls v) { publicTls = v; return this; }
    public Builder backendCa(java.nio.file.Path v) { backendCa = v; return this; }

    public ProxyOptions build() {
      return new ProxyOptions(publicHost, publicPort, legacy, connectTimeout, responseTimeout, maxHeaderSize,
          maxInitialLineLength, maxHeaderCount, idleTimeout, headerReadTimeout, preserveHost, debugHeaders, trustedHops,
          fallbackReplayMaxBytes, holdAnswerMaxBytes, shutdownGrace, accessLog, transport, publicTls, backendCa);
    }
  }
}
