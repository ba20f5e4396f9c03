package dev.strangler.proxy.edge;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import java.time.Duration;
import java.util.List;

/**
 * Vert.x's HTTP/1.x request decoder, made strict about message framing and bound by the header-read deadline.
 *
 * <p>Framing must be judged here, not in a request handler: Netty drops Content-Length when Transfer-Encoding is
 * present and joins folded header lines before anyone else can see them, and once a request is framed wrongly the
 * bytes after it are already being decoded as the next request. So a framing violation fails the request (Vert.x
 * hands it to the server's invalid-request handler) and the decoder reads nothing more from the connection.
 */
final class StrictRequestDecoder extends VertxHttpRequestDecoder {

  /** Carried in a failed {@link DecoderResult}; the message is safe to show to the client. */
  static final class FramingViolation extends RuntimeException {
    FramingViolation(String detail) {
      super(detail, null, false, false);
    }
  }

  private final HeaderDeadline deadline;
  private final ObsFoldScanner folds = new ObsFoldScanner();
  private final RequestLineScanner requestLine = new RequestLineScanner();
  private ChunkedBodyScanner chunks; // while a chunked body is read
  private int chunkBytesScanned; // bytes at the reader index the chunk scanner has already seen
  private boolean readingHead = true;
  private String violation;
  private boolean poisoned;

  StrictRequestDecoder(HttpServerOptions options, Duration headerReadTimeout) {
    super(options);
    this.deadline = new HeaderDeadline(headerReadTimeout);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
    super.handlerAdded(ctx);
    deadline.arm(ctx); // a client that connects and sends nothing is on the clock too
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    deadline.release();
    super.channelInactive(ctx);
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) throws Exception {
    deadline.release(); // Vert.x removes the decoder when a connection becomes a tunnel (WebSocket)
    super.handlerRemoved0(ctx);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
    if (poisoned) {
      in.skipBytes(in.readableBytes());
      return;
    }
    if (readingHead) {
      deadline.arm(ctx); // the first byte of a keep-alive request starts its clock
    } else if (chunks != null && scanChunks(in) != null) {
      // The request went on its way with its head; a body framed wrongly ends the connection instead.
      poisoned = true;
      in.skipBytes(in.readableBytes());
      ctx.close();
      return;
    }
    int from = in.readerIndex();
    int first = out.size();
    super.decode(ctx, in, out);
    chunkBytesScanned = Math.max(0, chunkBytesScanned - (in.readerIndex() - from));
    // The bytes just consumed are head bytes: Netty returns as soon as a head is complete, before any body.
    if (readingHead && violation == null) {
      String line = requestLine.violation(in, from, in.readerIndex());
      if (line != null) {
        violation = line;
      } else if (folds.foundFold(in, from, in.readerIndex())) {
        violation = "obsolete line folding (a header line starting with a space or tab) is not allowed";
      }
    }
    for (int i = first; i < out.size(); i++) {
      Object message = out.get(i);
      if (message instanceof HttpRequest request) {
        headComplete(request, in);
        if (poisoned) {
          in.skipBytes(in.readableBytes());
          while (out.size() > i + 1) {
            ReferenceCountUtil.release(out.remove(out.size() - 1));
          }
          return;
        }
      }
      if (message instanceof LastHttpContent) {
        readingHead = true;
        folds.reset();
        requestLine.reset();
        chunks = null;
        chunkBytesScanned = 0;
      }
    }
  }

  @Override
  protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
    if (poisoned) {
      in.skipBytes(in.readableBytes());
      return;
    }
    super.decodeLast(ctx, in, out);
  }

  /** Feeds the chunk scanner the bytes it has not seen yet; the violation, if any. */
  private String scanChunks(ByteBuf in) {
    int start = in.readerIndex() + chunkBytesScanned;
    String problem = chunks.violation(in, start, in.writerIndex());
    chunkBytesScanned = in.writerIndex() - in.readerIndex();
    return problem;
  }

  @Override
  protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
    super.handleTransferEncodingChunkedWithContentLength(message); // drops Content-Length; we refuse the message
    violation = "Transfer-Encoding and Content-Length must not both be present";
  }

  private void headComplete(HttpRequest request, ByteBuf in) {
    deadline.disarm();
    readingHead = false;
    String problem = violation != null ? violation : FramingRules.violation(request);
    violation = null;
    if (problem == null && HttpUtil.isTransferEncodingChunked(request)) {
      // The body bytes already here are judged before the request is let through at all.
      chunks = new ChunkedBodyScanner();
      chunkBytesScanned = 0;
      problem = scanChunks(in);
    }
    if (problem != null && request.decoderResult().isSuccess()) {
      request.setDecoderResult(DecoderResult.failure(new FramingViolation(problem)));
    }
    // Netty's own failures (duplicate Content-Length, bad line endings...) also end the conversation.
    poisoned = problem != null || request.decoderResult().isFailure();
  }
}
