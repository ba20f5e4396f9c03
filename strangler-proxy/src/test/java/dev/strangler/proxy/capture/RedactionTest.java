package dev.strangler.proxy.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.compare.PointerPattern;
import dev.strangler.proxy.redact.BodyRedaction;
import dev.strangler.proxy.redact.FormFields;
import io.vertx.core.MultiMap;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** What a capture keeps of headers, JSON and form bodies and queries: never a credential, a cookie value or a configured field. */
class RedactionTest {

  private static final List<PointerPattern> RULES = List.of(PointerPattern.parse("/password"),
      PointerPattern.parse("/**/cardNumber"));
  private static final Map<String, List<String>> JSON = Map.of("content-type", List.of("application/json; charset=utf-8"));

  @Test
  void credentialsAndTheIdentityFamilyLoseTheirWholeValue() {
    Map<String, List<String>> headers = HeaderRedaction.redacted(MultiMap.caseInsensitiveMultiMap()
        .add("Authorization", "Bearer secret").add("Proxy-Authorization", "Basic c2VjcmV0")
        .add("X-Strangler-Identity", "eyJ.secret").add("X-Strangler-Identity-Extra", "secret").add("Accept", "text/html"));

    assertThat(headers).containsExactlyInAnyOrderEntriesOf(Map.of("authorization", List.of("[redacted]"),
        "proxy-authorization", List.of("[redacted]"), "x-strangler-identity", List.of("[redacted]"),
        "x-strangler-identity-extra", List.of("[redacted]"), "accept", List.of("text/html")));
  }

  @Test
  void everyCookieKeepsItsNameAndLosesItsValue() {
    Map<String, List<String>> headers = HeaderRedaction.redacted(MultiMap.caseInsensitiveMultiMap()
        .add("Cookie", "SESSION=abc; theme=dark;flag").add("Cookie", "other=x=y")
        .add("Set-Cookie", "SESSION=new; Path=/; HttpOnly").add("Set-Cookie", "bare"));

    assertThat(headers.get("cookie")).containsExactly("SESSION=[redacted]; theme=[redacted]; flag=[redacted]",
        "other=[redacted]");
    assertThat(headers.get("set-cookie")).containsExactly("SESSION=[redacted]; Path=/; HttpOnly", "bare=[redacted]");
  }

  @Test
  void configuredJsonFieldsAreRedactedWhereverTheyMatch() {
    byte[] body = """
        {"user":"ann","password":"pw","cards":[{"cardNumber":"4111"},{"cardNumber":"5500"}],"note":"password"}"""
        .getBytes(StandardCharsets.UTF_8);

    BodyRedaction.Result result = BodyRedaction.redact(body, false, JSON, RULES, 65536);

    assertThat(new String(result.body(), StandardCharsets.UTF_8)).isEqualTo(
        "{\"user\":\"ann\",\"password\":\"[redacted]\",\"cards\":[{\"cardNumber\":\"[redacted]\"},"
            + "{\"cardNumber\":\"[redacted]\"}],\"note\":\"password\"}");
    assertThat(result.truncated()).isFalse();
    assertThat(result.redacted()).isTrue();
    assertThat(result.decoded()).isFalse();
  }

  @Test
  void aJsonBodyWithNoMatchingFieldIsKeptByteForByte() {
    byte[] body = "{ \"user\" :  \"ann\" }".getBytes(StandardCharsets.UTF_8);

    assertThat(BodyRedaction.redact(body, false, JSON, RULES, 65536).body()).isSameAs(body);
  }

  @Test
  void withoutRulesOrForOtherTypesTheBodyIsKeptAsItIs() {
    byte[] body = "{\"password\":\"pw\"}".getBytes(StandardCharsets.UTF_8);

    assertThat(BodyRedaction.redact(body, false, JSON, List.of(), 65536).body()).isSameAs(body);
    assertThat(BodyRedaction.redact(body, false, Map.of("content-type", List.of("text/plain")), RULES, 65536).body())
        .isSameAs(body);
  }

  @Test
  void aCompressedJsonBodyIsDecodedToBeRedactedAndStoredDecoded() throws Exception {
    byte[] gzipped = gzip("{\"password\":\"pw\",\"ok\":true}");

    BodyRedaction.Result result = BodyRedaction.redact(gzipped, false,
        Map.of("content-type", List.of("application/json"), "content-encoding", List.of("gzip")), RULES, 65536);

    assertThat(new String(result.body(), StandardCharsets.UTF_8)).isEqualTo("{\"password\":\"[redacted]\",\"ok\":true}");
    assertThat(result.decoded()).isTrue();
  }

  @Test
  void aCompressedJsonBodyWithNothingToRedactStaysCompressed() throws Exception {
    byte[] gzipped = gzip("{\"ok\":true}");

    BodyRedaction.Result result = BodyRedaction.redact(gzipped, false,
        Map.of("content-type", List.of("application/json"), "content-encoding", List.of("gzip")), RULES, 65536);

    assertThat(result.body()).isSameAs(gzipped);
    assertThat(result.decoded()).isFalse();
  }

  @Test
  void aJsonBodyThatCantBeLookedIntoIsDroppedAndMarkedTruncated() throws Exception {
    byte[] cut = "{\"password\":\"pw\",\"more\":".getBytes(StandardCharsets.UTF_8);
    Map<String, List<String>> gzipJson = Map.of("content-type", List.of("application/json"),
        "content-encoding", List.of("gzip"));

    for (BodyRedaction.Result result : List.of(
        BodyRedaction.redact(cut, true, JSON, RULES, 65536),
        BodyRedaction.redact(cut, false, JSON, RULES, 65536),
        BodyRedaction.redact("{\"a\":1} {\"password\":\"pw\"}".getBytes(StandardCharsets.UTF_8), false, JSON, RULES, 65536),
        BodyRedaction.redact("not gzip".getBytes(StandardCharsets.UTF_8), false, gzipJson, RULES, 65536),
        BodyRedaction.redact(gzip("{\"password\":\"" + "x".repeat(5000) + "\"}"), false, gzipJson, RULES, 1024))) {
      assertThat(result.body()).isEmpty();
      assertThat(result.truncated()).isTrue();
    }
  }

  @Test
  void formFieldsAndQueryParametersNamedByARuleAreRedactedAndTheRestKeptAsWritten() {
    byte[] form = "user=ann&password=p%40ss&card%5BcardNumber%5D=1&cardNumber=4111&&flag".getBytes(StandardCharsets.UTF_8);

    BodyRedaction.Result result = BodyRedaction.redact(form, false,
        Map.of("content-type", List.of("application/x-www-form-urlencoded; charset=UTF-8")), RULES, 65536);

    assertThat(new String(result.body(), StandardCharsets.UTF_8))
        .isEqualTo("user=ann&password=%5Bredacted%5D&card%5BcardNumber%5D=1&cardNumber=%5Bredacted%5D&&flag");
    assertThat(result.redacted()).isTrue();
    assertThat(FormFields.redactQuery("/login?password=pw&next=/home", RULES))
        .isEqualTo("/login?password=%5Bredacted%5D&next=/home");
    assertThat(FormFields.redactQuery("/password/reset?x=1", RULES)).isEqualTo("/password/reset?x=1");
    assertThat(FormFields.redactQuery("/a?x=1&y=%zz", RULES)).isEqualTo("/a?x=1&y=%zz");
  }

  @Test
  void aSessionPseudonymIsStableDiffersPerSessionAndHidesTheValue() {
    String one = SessionPseudonym.of("0f5c5d2e-session-one");

    assertThat(one).matches("s-[0-9a-f]{16}").isEqualTo(SessionPseudonym.of("0f5c5d2e-session-one"))
        .isNotEqualTo(SessionPseudonym.of("0f5c5d2e-session-two")).doesNotContain("session");
    assertThat(SessionPseudonym.of(null)).isNull();
    assertThat(SessionPseudonym.of("")).isNull();
  }

  private static byte[] gzip(String text) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }
}
