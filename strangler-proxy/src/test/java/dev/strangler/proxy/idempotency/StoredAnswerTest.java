package dev.strangler.proxy.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A kept answer carries the backend's end-to-end headers, in order, and nothing of one connection or one session. */
class StoredAnswerTest {

  @Test
  void keepsEndToEndHeadersInOrderAndDropsHopByHopLengthAndCookies() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .add("Content-Type", "application/json").add("Location", "/orders/1").add("Connection", "keep-alive, X-Hop")
        .add("X-Hop", "private").add("Keep-Alive", "timeout=5").add("Transfer-Encoding", "chunked")
        .add("Content-Length", "12").add("Set-Cookie", "SESSION=new").add("Vary", "Accept").add("Vary", "Cookie");

    assertThat(StoredAnswer.endToEnd(headers)).containsExactly(Map.entry("Content-Type", "application/json"),
        Map.entry("Location", "/orders/1"), Map.entry("Vary", "Accept"), Map.entry("Vary", "Cookie"));
  }

  @Test
  void headersRoundTripThroughTheirJsonForm() {
    StoredAnswer answer = new StoredAnswer(201, StoredAnswer.endToEnd(MultiMap.caseInsensitiveMultiMap()
        .add("Location", "/orders/1").add("X-Note", "a \"quoted\", comma")), Buffer.buffer("{}"));

    StoredAnswer back = StoredAnswer.of(201, answer.headersJson(), answer.body());

    assertThat(back).isEqualTo(answer);
  }
}
