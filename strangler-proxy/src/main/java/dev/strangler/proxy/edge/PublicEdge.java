package dev.strangler.proxy.edge;

import dev.strangler.proxy.ProxyOptions;
import dev.strangler.proxy.overload.ConnectionLimit;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.httpproxy.ProxyInterceptor;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public listener's defences, all applied before vertx-http-proxy sees a request: listener limits, strict
 * framing and a header-read deadline (in the Netty decoder), target and header checks (before the proxy), and
 * header hygiene both ways (the proxy's first interceptor). Every refusal is an RFC 9457 problem and closes the
 * connection.
 *
 * <p>Vert.x 5.0.7 offers no hook for its HTTP/1.x decoder, so each new connection's decoder is swapped for
 * {@link StrictRequestDecoder} through Vert.x's internal {@code ConnectionBase}; if that ever stops working the
 * connection is closed rather than served with the lenient decoder.
 */
public final class PublicEdge {

  private static final Logger LOG = LoggerFactory.getLogger(PublicEdge.class);
  private static final String DECODER = "httpDecoder"; // Vert.x's name for it in the pipeline

  private final ProxyOptions options;
  private final HttpServerOptions serverOptions;
  private final RequestChecks checks;

  public PublicEdge(ProxyOptions options) {
    this.options = Objects.requireNonNull(options, "options == null");
    this.serverOptions = new HttpServerOptions()
        .setHost(options.publicHost())
        .setPort(options.publicPort())
        .setMaxHeaderSize(options.maxHeaderSize())
        .setMaxInitialLineLength(options.maxInitialLineLength())
        // 64 KiB codec chunks instead of 8: measured 1.8x req/s on 64 KiB bodies (bench/).
        .setMaxChunkSize(ProxyOptions.CODEC_CHUNK_SIZE)
        // h2c would bypass every HTTP/1.1 check here, and an Upgrade: h2c request made the proxy throw.
        .setHttp2ClearTextEnabled(false)
        // WebSockets are tunnelled to the backend, which negotiates their extensions: Vert.x's own permessage-deflate
        // handler, otherwise in every connection's pipeline, has nothing to do here (without it: 7.80 instead of 8.09
        // KiB of heap per idle connection, throughput unchanged; bench/results/20261201-084033-ab-no-ws-compression.txt).
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false)
        .setIdleTimeout((int) options.idleTimeout().toMillis())
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    if (options.publicTls() != null) {
      // HTTP/1.1 over TLS only (no ALPN, so no h2): every request still passes the strict decoder below.
      options.publicTls().applyTo(serverOptions).setUseAlpn(false);
    }
    this.checks = new RequestChecks(options.maxHeaderCount());
  }

  /** Options for the public listener: address and limits from {@link ProxyOptions}. */
  public HttpServerOptions serverOptions() {
    return new HttpServerOptions(serverOptions);
  }

  /** Add it to the proxy first, with WebSocket support, so it strips before anything else adds. */
  public ProxyInterceptor interceptor() {
    return new EdgeHeaders();
  }

  /**
   * Puts the edge in front of {@code next} on a server created with {@link #serverOptions()}, closing each new connection
   * past {@code connections}' cap at once (null: no cap), before a byte of it is read.
   */
  public HttpServer guard(HttpServer server, Handler<HttpServerRequest> next, ConnectionLimit connections) {
    Objects.requireNonNull(next, "next == null");
    return server
        .connectionHandler(connection -> {
          if (connections == null || connections.admit(connection)) {
            useStrictDecoder(connection);
          }
        })
        .invalidRequestHandler(this::rejectMalformed)
        .requestHandler(request -> {
          Rejection rejection = checks.check(request);
          if (rejection == null) {
            next.handle(request);
          } else {
            rejection.sendTo(request);
          }
        });
  }

  private void useStrictDecoder(HttpConnection connection) {
    if (!(connection instanceof ConnectionBase base)) {
      LOG.error("unexpected connection type {}: closing it", connection.getClass().getName());
      connection.close();
      return;
    }
    ChannelHandlerContext ctx = base.channelHandlerContext();
    ChannelPipeline pipeline = ctx.pipeline();
    if (pipeline.get(DECODER) == null) {
      return; // not HTTP/1.x (HTTP/2 over TLS): binary framing, nothing to smuggle through a text parser
    }
    // Swapping is only safe before the first read, on the channel's own thread, with Vert.x's decoder in place.
    if (!ctx.executor().inEventLoop() || !(pipeline.get(DECODER) instanceof VertxHttpRequestDecoder)) {
      LOG.error("cannot install the strict HTTP decoder: closing the connection");
      connection.close();
      return;
    }
    pipeline.replace(DECODER, DECODER, new StrictRequestDecoder(serverOptions, options.headerReadTimeout()));
  }

  private void rejectMalformed(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    Rejection rejection;
    if (cause instanceof StrictRequestDecoder.FramingViolation) {
      rejection = Rejection.badRequest(cause.getMessage());
    } else if (cause instanceof TooLongHttpLineException) {
      rejection = Rejection.uriTooLong("the request line must be shorter than " + options.maxInitialLineLength() + " bytes");
    } else if (cause instanceof TooLongHttpHeaderException) {
      rejection = Rejection.headersTooLarge("the request headers must be smaller than " + options.maxHeaderSize() + " bytes");
    } else {
      LOG.debug("malformed request: {}", cause == null ? "unknown" : cause.getMessage());
      rejection = Rejection.badRequest("the request is not well-formed HTTP/1.1");
    }
    rejection.sendTo(request);
  }
}
