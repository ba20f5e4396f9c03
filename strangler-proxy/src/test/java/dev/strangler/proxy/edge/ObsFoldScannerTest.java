package dev.strangler.proxy.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ObsFoldScannerTest {

  private final ObsFoldScanner scanner = new ObsFoldScanner();

  @Test
  void findsALineStartingWithASpaceOrTab() {
    assertThat(scan("GET / HTTP/1.1\r\nA: 1\r\n 2\r\n\r\n")).isTrue();
    scanner.reset();
    assertThat(scan("GET / HTTP/1.1\r\nA: 1\r\n\tB: 2\r\n\r\n")).isTrue();
  }

  @Test
  void findsAFoldSplitAcrossReads() {
    assertThat(scan("GET / HTTP/1.1\r\nA: 1\r\n")).isFalse();
    assertThat(scan(" 2\r\n\r\n")).isTrue();
  }

  @Test
  void ignoresLeadingEmptyLinesAndSpacesInsideValues() {
    assertThat(scan("\r\n\r\nGET / HTTP/1.1\r\nA: 1 2\r\nB:\t3\r\n\r\n")).isFalse();
    assertThat(scanner.headComplete()).isTrue();
  }

  @Test
  void stopsAtTheEndOfTheHeadSoTheBodyMayContainAnything() {
    assertThat(scan("POST / HTTP/1.1\r\nContent-Length: 9\r\n\r\nx\r\n y\r\n\tz")).isFalse();
  }

  private boolean scan(String text) {
    ByteBuf buf = Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
    try {
      return scanner.foundFold(buf, buf.readerIndex(), buf.writerIndex());
    } finally {
      buf.release();
    }
  }
}
