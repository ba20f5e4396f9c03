package dev.strangler.proxy.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

class HeaderPolicyTest {

  @Test
  void removesHopByHopHeadersAndEveryHeaderConnectionNames() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .add("Connection", "keep-alive, X-A").add("connection", " x-b ,,").add("X-A", "1").add("X-B", "2")
        .add("Keep-Alive", "timeout=5").add("Proxy-Connection", "keep-alive").add("TE", "trailers").add("Trailer", "X-Sum")
        .add("Transfer-Encoding", "chunked").add("Upgrade", "h2c").add("Proxy-Authenticate", "Basic")
        .add("Proxy-Authorization", "Basic x").add("Accept", "*/*");

    HeaderPolicy.strip(headers, false);

    assertThat(headers.names()).containsExactly("Accept");
  }

  @Test
  void connectionCannotNominateHostOrContentLength() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .add("Connection", "Host, Content-Length").add("Host", "shop.example").add("Content-Length", "3");

    HeaderPolicy.strip(headers, false);

    assertThat(headers.names()).containsExactlyInAnyOrder("Host", "Content-Length");
  }

  @Test
  void removesTheProxyNamespaceWhateverTheCase() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .add("X-Strangler-User", "admin").add("x-strangler-route", "r").add("X-STRANGLER-DEBUG", "1").add("X-Stranglers", "kept");

    HeaderPolicy.strip(headers, false);

    assertThat(headers.names()).containsExactly("X-Stranglers");
  }

  @Test
  void keepsConnectionAndUpgradeOnAWebSocketHandshakeOnly() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .add("Connection", "Upgrade, X-A").add("Upgrade", "websocket").add("X-A", "1").add("Sec-WebSocket-Key", "k");

    HeaderPolicy.strip(headers, true);

    assertThat(headers.names()).containsExactlyInAnyOrder("Connection", "Upgrade", "Sec-WebSocket-Key");
  }

  @Test
  void removesNamedHeadersWhateverTheirCaseAndEveryValueOfThem() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .add("x-real-ip", "6.6.6.6").add("X-REAL-IP", "7.7.7.7").add("True-Client-IP", "8.8.8.8").add("Accept", "*/*");

    HeaderPolicy.removeNamed(headers, HeaderNames.of(java.util.List.of("X-Real-IP", "True-Client-IP", "Absent")));

    assertThat(headers.names()).containsExactly("Accept");
  }

  @Test
  void stripsAPrefixWhateverTheCaseAndKeepsLongerLookAlikes() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .add("X-Strangler-Identity", "a").add("x-strangler-identity-sig", "b").add("X-Strangler", "kept").add("Accept", "*/*");

    HeaderPolicy.stripPrefix(headers, "X-Strangler-Identity");

    assertThat(headers.names()).containsExactlyInAnyOrder("X-Strangler", "Accept");
  }
}
