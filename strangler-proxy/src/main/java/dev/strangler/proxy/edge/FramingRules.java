package dev.strangler.proxy.edge;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;

/**
 * The one body framing the edge accepts (RFC 9112 §6): either a single decimal Content-Length, or
 * {@code Transfer-Encoding: chunked} exactly, on HTTP/1.1, never both. Anything else is a request two parsers can
 * read as different messages: the classic request-smuggling set-up.
 */
final class FramingRules {

  private FramingRules() {}

  /** Null when the request's framing is unambiguous, else why not. */
  static String violation(HttpRequest request) {
    List<String> codings = request.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
    List<String> lengths = request.headers().getAll(HttpHeaderNames.CONTENT_LENGTH);
    if (!codings.isEmpty()) {
      if (!request.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
        return "Transfer-Encoding is not allowed in an HTTP/1.0 request";
      }
      if (!lengths.isEmpty()) {
        return "Transfer-Encoding and Content-Length must not both be present";
      }
      if (codings.size() != 1 || !codings.get(0).trim().equalsIgnoreCase("chunked")) {
        return "Transfer-Encoding must be exactly 'chunked' (got '" + String.join(", ", codings) + "')";
      }
    }
    if (lengths.size() > 1) {
      return "Content-Length must appear once";
    }
    if (lengths.size() == 1 && !lengths.get(0).trim().matches("[0-9]{1,18}")) {
      return "Content-Length must be a decimal number of bytes";
    }
    return null;
  }
}
