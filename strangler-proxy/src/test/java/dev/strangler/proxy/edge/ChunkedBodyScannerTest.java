package dev.strangler.proxy.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChunkedBodyScannerTest {

  private final ChunkedBodyScanner scanner = new ChunkedBodyScanner();

  @Test
  void acceptsChunksExtensionsTrailersAndIgnoresWhatFollowsTheBody() {
    assertThat(scan("5;name=value\r\nhello\r\n10\r\n" + "x".repeat(16) + "\r\n0\r\nTrailer: t\r\n\r\nGARBAGE")).isNull();
  }

  @Test
  void acceptsABodySplitAcrossReadsAnywhere() {
    String body = "5\r\nhello\r\n0\r\n\r\n";
    for (int i = 0; i < body.length(); i++) {
      assertThat(scan(String.valueOf(body.charAt(i)))).isNull();
    }
  }

  @Test
  void refusesASizeOfMoreThanFifteenDigitsWhichNettyWouldWrap() {
    assertThat(scan("10000000000000005\r\nhello\r\n0\r\n\r\n")).contains("at most 15 hex digits");
  }

  @Test
  void refusesASpaceOrSignBeforeTheSize() {
    assertThat(scan(" 5\r\nhello\r\n")).contains("must start with a hex digit");
    assertThat(new ChunkedBodyScanner().violation(buf("-5\r\n"), 0, 4)).contains("must start with a hex digit");
  }

  @Test
  void refusesABareLfInAnExtensionOrAfterTheSize() {
    assertThat(scan("5;a=b\nhello\r\n")).contains("control characters or a bare LF");
    assertThat(new ChunkedBodyScanner().violation(buf("5\nhello"), 0, 7)).contains("hex digits, an optional extension and CRLF");
  }

  @Test
  void refusesAnExtensionOverFourKib() {
    assertThat(scan("5;x=" + "a".repeat(ChunkedBodyScanner.MAX_EXTENSION) + "\r\n")).contains("shorter than");
  }

  @Test
  void refusesDataLongerThanItsSize() {
    assertThat(scan("1\r\nhello\r\n0\r\n\r\n")).contains("longer than its size");
  }

  @Test
  void refusesABareLfInTheTrailers() {
    assertThat(scan("0\r\nTrailer: t\n\r\n")).contains("trailer line must end with CRLF");
  }

  private String scan(String bytes) {
    ByteBuf buf = buf(bytes);
    return scanner.violation(buf, 0, buf.writerIndex());
  }

  private static ByteBuf buf(String bytes) {
    return Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1);
  }
}
