package dev.strangler.proxy.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestLineScannerTest {

  private final RequestLineScanner scanner = new RequestLineScanner();

  @Test
  void acceptsSingleSpacesAfterLeadingEmptyLinesAndIgnoresTheHeaders() {
    assertThat(scan("\r\nGET /a?b=c HTTP/1.1\r\nX-Tab:\tvalue  with  spaces\r\n")).isNull();
  }

  @Test
  void judgesOnlyOnceTheLineIsComplete() {
    assertThat(scan("GET\t/a")).isNull();
    assertThat(scan(" HTTP/1.1\r\n")).contains("tabs or control characters");
  }

  @Test
  void refusesATabOrAControlByte() {
    assertThat(scan("GET\t/a HTTP/1.1\r\n")).contains("tabs or control characters");
    scanner.reset();
    assertThat(scan("GET /a\u000bb HTTP/1.1\r\n")).contains("tabs or control characters");
  }

  @Test
  void refusesDoubleSpacesAndAMissingOrExtraPart() {
    assertThat(scan("GET  /a HTTP/1.1\r\n")).contains("single spaces");
    scanner.reset();
    assertThat(scan("GET /a\r\n")).contains("method, one space, target");
    scanner.reset();
    assertThat(scan("GET /a HTTP/1.1 HTTP/1.1\r\n")).contains("method, one space, target");
  }

  private String scan(String bytes) {
    ByteBuf buf = Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1);
    return scanner.violation(buf, 0, buf.writerIndex());
  }
}
