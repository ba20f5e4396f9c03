package dev.strangler.compare;

import static dev.strangler.compare.Responses.compare;
import static dev.strangler.compare.Responses.compareJson;
import static dev.strangler.compare.Responses.rules;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.strangler.compare.Difference.Kind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResponseModelTest {

    @Test
    void headerNamesAreCaseInsensitiveAndKeepEveryValue() {
        Response response = new Response(200, Map.of("Set-Cookie", List.of("a=1"), "set-cookie", List.of("b=2")),
                new byte[0]);

        assertThat(response.headers("SET-COOKIE")).containsExactlyInAnyOrder("a=1", "b=2");
        assertThat(response.header("x-missing")).isNull();
    }

    @Test
    void aHeaderWithSeveralValuesComparesAllOfThemInOrder() {
        Response legacy = new Response(200, Map.of("Vary", List.of("Accept", "Cookie")), new byte[0]);
        Response candidate = new Response(200, Map.of("Vary", List.of("Cookie", "Accept")), new byte[0]);

        assertThat(compare(rules("headers: [Vary]"), legacy, candidate).mismatches())
                .containsExactly(new Difference(Kind.HEADER, "header:vary", "Accept, Cookie", "Cookie, Accept"));
    }

    @Test
    void aHeaderPresentOnOneSideOnlyHasNoValueOnTheOther() {
        Response legacy = Response.of(200, Map.of("ETag", "\"1\""), new byte[0]);
        Response candidate = Response.of(200, Map.of(), new byte[0]);

        assertThat(compare(rules("headers: [ETag]"), legacy, candidate).mismatches())
                .containsExactly(new Difference(Kind.HEADER, "header:etag", "\"1\"", null));
    }

    @Test
    void aRootOfAnotherTypeIsOneTypeChangeAtTheRoot() {
        assertThat(compareJson(CompareRules.DEFAULTS, "[]", "{}").mismatches())
                .containsExactly(new Difference(Kind.TYPE_CHANGED, "/", "[]", "{}"));
    }

    @Test
    void theFirstMatchingToleranceWins() {
        CompareRules rules = rules("""
                numbers:
                  tolerances:
                    - {path: /items/0/price, absolute: 5}
                    - {path: /items/*/price, absolute: 0.01}
                """);

        assertThat(compareJson(rules, "{\"items\":[{\"price\":10},{\"price\":10}]}",
                "{\"items\":[{\"price\":14},{\"price\":14}]}").mismatches())
                .extracting(Difference::path).containsExactly("/items/1/price");
    }

    @Test
    void aFieldLegacySometimesHasIsLearnedAsNoise() {
        Comparison result = new ResponseComparator(CompareRules.DEFAULTS).compare(Exchange.withLegacyAgain("r",
                Responses.json("{\"a\":1,\"warning\":\"slow\"}"), Responses.json("{\"a\":1}"), Responses.json("{\"a\":1}")));

        assertThat(result.outcome()).isEqualTo(Comparison.Outcome.MATCH);
        assertThat(result.noise()).isEqualTo(1);
    }

    @Test
    void aComparisonSaysItselfInOneLine() {
        assertThat(compareJson(CompareRules.DEFAULTS, "{\"n\":1}", "{\"n\":2}"))
                .hasToString("MISMATCH (1): [CHANGED /n: 1 -> 2]");
        assertThat(compareJson(rules("expect: {extra: [/x]}"), "{}", "{\"x\":1}"))
                .hasToString("MATCH (1 expected)");
    }

    @Test
    void aComparisonWritesAsJsonWithJackson() throws Exception {
        Comparison result = compareJson(rules("expect: {extra: [/x]}"), "{\"n\":1}", "{\"n\":2,\"x\":true}");

        assertThat(JsonMapper.builder().build().writeValueAsString(result)).isEqualTo(
                "{\"outcome\":\"MISMATCH\",\"mismatches\":[{\"kind\":\"CHANGED\",\"path\":\"/n\",\"legacy\":\"1\","
                        + "\"candidate\":\"2\"}],\"mismatchCount\":1,\"expected\":[{\"kind\":\"EXTRA\",\"path\":\"/x\","
                        + "\"legacy\":null,\"candidate\":\"true\"}],\"noise\":0,\"skipReason\":null}");
    }

    @Test
    void shortValuesAreNotCut() {
        assertThat(Difference.truncate("abc", 3)).isEqualTo("abc");
        assertThat(Difference.truncate(null, 3)).isNull();
        assertThat(Difference.truncate("abcd", 3)).isEqualTo("abc…(+1 chars)");
    }

    @Test
    void bodyKindsFollowTheContentType() {
        assertThat(BodyKind.of("application/problem+json")).isEqualTo(BodyKind.JSON);
        assertThat(BodyKind.of("Application/JSON; charset=UTF-8")).isEqualTo(BodyKind.JSON);
        assertThat(BodyKind.of("application/xhtml+xml")).isEqualTo(BodyKind.HTML);
        assertThat(BodyKind.of("application/atom+xml")).isEqualTo(BodyKind.TEXT);
        assertThat(BodyKind.of("text/css")).isEqualTo(BodyKind.TEXT);
        assertThat(BodyKind.of("application/octet-stream")).isEqualTo(BodyKind.BINARY);
        assertThat(BodyKind.of(null)).isEqualTo(BodyKind.BINARY);
    }
}
