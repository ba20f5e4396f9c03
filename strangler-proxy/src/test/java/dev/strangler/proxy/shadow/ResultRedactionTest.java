package dev.strangler.proxy.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.compare.Comparison;
import dev.strangler.compare.Difference;
import dev.strangler.compare.Difference.Kind;
import dev.strangler.compare.PointerPattern;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** What of a shadow outcome the route's {@code redact} patterns replace: query fields, sample fields, differing values. */
class ResultRedactionTest {

  private static final List<PointerPattern> RULES = List.of(PointerPattern.parse("/token"),
      PointerPattern.parse("/**/password"), PointerPattern.parse("/card"));

  @Test
  void aQueryFieldIsRedactedAndThePathKept() {
    assertThat(ResultRedaction.uri("/password/x?token=abc&page=2", RULES)).isEqualTo("/password/x?token=%5Bredacted%5D&page=2");
    assertThat(ResultRedaction.uri("/a?token=abc", List.of())).isEqualTo("/a?token=abc");
  }

  @Test
  void aDifferenceAtOrInsideARedactedFieldHasBothValuesReplaced() {
    assertThat(ResultRedaction.difference(new Difference(Kind.CHANGED, "/u/password", "\"a\"", "\"b\""), RULES))
        .isEqualTo(new Difference(Kind.CHANGED, "/u/password", "[redacted]", "[redacted]"));
    assertThat(ResultRedaction.difference(new Difference(Kind.MISSING, "/card/number", "\"4111\"", null), RULES))
        .isEqualTo(new Difference(Kind.MISSING, "/card/number", "[redacted]", null));
    assertThat(ResultRedaction.difference(new Difference(Kind.CHANGED, "/cardinal", "1", "2"), RULES))
        .as("a name sharing a prefix is not inside").isEqualTo(new Difference(Kind.CHANGED, "/cardinal", "1", "2"));
  }

  @Test
  void anObjectValueHoldingARedactedFieldHasItRedactedInsideAndACutOneIsWithheldWhole() {
    Difference d = ResultRedaction.difference(new Difference(Kind.TYPE_CHANGED, "/user",
        "{\"name\":\"ann\",\"password\":\"pw\"}", "{\"name\":\"ann\",\"passw…(+9 chars)"), RULES);

    assertThat(d.legacy()).isEqualTo("{\"name\":\"ann\",\"password\":\"[redacted]\"}");
    assertThat(d.candidate()).isEqualTo("[redacted]");
  }

  @Test
  void aFormLineHasItsFieldsRedactedAndHeaderAndStatusDifferencesAreKept() {
    assertThat(ResultRedaction.difference(new Difference(Kind.LINES, "line:1", "a=1&password=pw", "a=2&password=pw"), RULES))
        .isEqualTo(new Difference(Kind.LINES, "line:1", "a=1&password=%5Bredacted%5D", "a=2&password=%5Bredacted%5D"));
    Difference header = new Difference(Kind.HEADER, "header:etag", "\"1\"", "\"2\"");
    assertThat(ResultRedaction.difference(header, RULES)).isSameAs(header);
  }

  @Test
  void theExpectedDifferencesAreRedactedToo() {
    Difference secret = new Difference(Kind.CHANGED, "/password", "\"a\"", "\"b\"");
    Comparison c = new Comparison(Comparison.Outcome.MISMATCH, List.of(secret), 1, List.of(secret), 1, null);

    Comparison redacted = ResultRedaction.comparison(c, RULES);

    assertThat(redacted.mismatches().getFirst().legacy()).isEqualTo("[redacted]");
    assertThat(redacted.expected().getFirst().candidate()).isEqualTo("[redacted]");
    assertThat(redacted.mismatchCount()).isEqualTo(1);
    assertThat(ResultRedaction.comparison(c, List.of())).isSameAs(c);
  }

  @Test
  void aJsonSampleHasItsFieldsRedactedAndAnUnreadableOneIsWithheld() {
    Map<String, List<String>> json = headers("application/json");

    assertThat(text(ResultRedaction.sample(bytes("{\"password\":\"pw\",\"a\":1}"), json, true, RULES, 1 << 20, 4096)))
        .isEqualTo("{\"password\":\"[redacted]\",\"a\":1}");
    assertThat(text(ResultRedaction.sample(bytes("{\"password\":"), json, true, RULES, 1 << 20, 4096))).isEqualTo("[redacted]");
    assertThat(text(ResultRedaction.sample(bytes("password=pw"), headers("text/plain"), true, RULES, 1 << 20, 4096)))
        .as("other bodies are sampled as they are").isEqualTo("password=pw");
    assertThat(ResultRedaction.sample(bytes("{\"a\":1}"), json, false, RULES, 1 << 20, 4096))
        .as("a body not sent plain with nothing redacted has no sample, as without rules").isEmpty();
  }

  private static Map<String, List<String>> headers(String type) {
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.put("Content-Type", List.of(type));
    return headers;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
