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
}
