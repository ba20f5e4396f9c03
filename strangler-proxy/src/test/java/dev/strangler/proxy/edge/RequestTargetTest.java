package dev.strangler.proxy.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestTargetTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "/, /",
      "/a/b, /a/b",
      "/a/./b, /a/b",
      "/a//b, /a/b",
      "//a///b//, /a/b/",
      "/a/b/../c, /a/c",
      "/a/b/.., /a/",
      "/a/b/., /a/b/",
      "/a/.., /",
      "/a/b/, /a/b/",
      "/%41%7e, /%41%7e",
      "/a/%252e%252e/b, /a/%252e%252e/b",
      "/a;v=1/b, /a;v=1/b",
      "/..a/.b./..., /..a/.b./..."})
  void normalisesDotAndEmptySegments(String raw, String expected) {
    assertThat(RequestTarget.parse(raw).path()).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"x=1+2&y=%2F", "a=%ZZ&b=..%2f..", "", "q=a b"})
  void keepsTheQueryByteForByte(String query) {
    assertThat(RequestTarget.parse("/p/./q?" + query).forwardedUri()).isEqualTo("/p/q?" + query);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "http://evil/", "evil:443", "*", "", "/..", "/../a", "/a/../..", "/a/%2e%2e/b", "/a/%2E/b", "/a%2fb", "/a%2Fb",
      "/a%5cb", "/a%5Cb", "/a%00b", "/a%0d%0ab", "/a%7f", "/a\\b", "/a b", "/a\tb", "/caf\u00e9", "/a%", "/a%4", "/a%g1",
      "/a/..;/b", "/a/.;x/b", "/a#frag"})
  void refusesTargetsTheBackendCouldReadDifferently(String raw) {
    assertThatThrownBy(() -> RequestTarget.parse(raw)).isInstanceOf(RequestTarget.Refused.class).hasNoCause();
  }
}
