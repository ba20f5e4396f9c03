package dev.strangler.proxy.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

class FramingRulesTest {

  @Test
  void acceptsOneDecimalContentLengthOrExactlyChunked() {
    assertThat(FramingRules.violation(request(HttpVersion.HTTP_1_1, "Content-Length", "12"))).isNull();
    assertThat(FramingRules.violation(request(HttpVersion.HTTP_1_1, "Transfer-Encoding", "Chunked"))).isNull();
    assertThat(FramingRules.violation(request(HttpVersion.HTTP_1_0))).isNull();
  }

  @Test
  void refusesAnyOtherTransferCoding() {
    assertThat(FramingRules.violation(request(HttpVersion.HTTP_1_1, "Transfer-Encoding", "xchunked"))).contains("exactly 'chunked'");
    assertThat(FramingRules.violation(request(HttpVersion.HTTP_1_1, "Transfer-Encoding", "gzip, chunked"))).contains("exactly 'chunked'");
    assertThat(FramingRules.violation(request(HttpVersion.HTTP_1_1, "Transfer-Encoding", "chunked", "Transfer-Encoding", "chunked")))
        .contains("exactly 'chunked'");
  }

  @Test
  void refusesAmbiguousLengths() {
    assertThat(FramingRules.violation(request(HttpVersion.HTTP_1_1, "Transfer-Encoding", "chunked", "Content-Length", "3")))
        .contains("both");
    assertThat(FramingRules.violation(request(HttpVersion.HTTP_1_0, "Transfer-Encoding", "chunked"))).contains("HTTP/1.0");
    assertThat(FramingRules.violation(request(HttpVersion.HTTP_1_1, "Content-Length", "-1"))).contains("decimal");
    assertThat(FramingRules.violation(request(HttpVersion.HTTP_1_1, "Content-Length", "1", "Content-Length", "1"))).contains("once");
  }

  private static HttpRequest request(HttpVersion version, String... headers) {
    HttpRequest request = new DefaultHttpRequest(version, HttpMethod.POST, "/");
    for (int i = 0; i < headers.length; i += 2) {
      request.headers().add(headers[i], headers[i + 1]);
    }
    return request;
  }
}
