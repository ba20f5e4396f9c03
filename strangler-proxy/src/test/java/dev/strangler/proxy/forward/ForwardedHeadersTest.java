package dev.strangler.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The RFC 7239 {@code Forwarded} value the proxy writes (the interceptor itself runs in ClientIpSpoofingIT). */
class ForwardedHeadersTest {

  @Test
  void namesThePeerWithTheProtoAndTheQuotedHost() {
    assertThat(ForwardedHeaders.forwarded(List.of("127.0.0.1"), "http", "shop.example:8080"))
        .isEqualTo("for=127.0.0.1;proto=http;host=\"shop.example:8080\"");
  }

  @Test
  void quotesAnIpv6NodeInBrackets() {
    assertThat(ForwardedHeaders.forwarded(List.of("2001:db8::7"), "https", null))
        .isEqualTo("for=\"[2001:db8::7]\";proto=https");
  }

  @Test
  void listsEveryHopAndPutsProtoAndHostOnTheLastOnly() {
    assertThat(ForwardedHeaders.forwarded(List.of("203.0.113.7", "::1", "10.0.0.2"), "https", "shop.example"))
        .isEqualTo("for=203.0.113.7, for=\"[::1]\", for=10.0.0.2;proto=https;host=\"shop.example\"");
  }

  @Test
  void withoutAnyAddressSaysOnlyTheProto() {
    assertThat(ForwardedHeaders.forwarded(List.of(), "http", "shop.example")).isEqualTo("proto=http");
  }
}
