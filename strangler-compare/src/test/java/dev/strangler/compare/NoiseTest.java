package dev.strangler.compare;

import static dev.strangler.compare.Responses.compare;
import static dev.strangler.compare.Responses.compareJson;
import static dev.strangler.compare.Responses.json;
import static dev.strangler.compare.Responses.rules;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.compare.Difference.Kind;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NoiseTest {

    @Test
    void ignoredPointerPatternsWithWildcardsAreNoise() {
        CompareRules rules = rules("ignore: [/generatedAt, /items/*/updatedAt]");

        Comparison result = compareJson(rules,
                "{\"generatedAt\":\"t1\",\"items\":[{\"sku\":\"A\",\"updatedAt\":\"t1\"},{\"sku\":\"B\",\"updatedAt\":\"t1\"}]}",
                "{\"generatedAt\":\"t2\",\"items\":[{\"sku\":\"A\",\"updatedAt\":\"t2\"},{\"sku\":\"C\",\"updatedAt\":\"t2\"}]}");

        assertThat(result.mismatches()).containsExactly(new Difference(Kind.CHANGED, "/items/1/sku", "\"B\"", "\"C\""));
        assertThat(result.noise()).isEqualTo(3);
    }

    @Test
    void anIgnoredPointerCoversItsWholeSubtreeAndItsAbsence() {
        CompareRules rules = rules("ignore: [/debug]");

        assertThat(compareJson(rules, "{\"debug\":{\"host\":\"a\"}}", "{\"debug\":{\"host\":\"b\",\"x\":1}}").outcome())
                .isEqualTo(Comparison.Outcome.MATCH);
        assertThat(compareJson(rules, "{\"debug\":{\"host\":\"a\"}}", "{}").outcome())
                .isEqualTo(Comparison.Outcome.MATCH);
    }

    @Test
    void aDoubleStarMatchesAnyDepth() {
        CompareRules rules = rules("ignore: [/**/etag]");

        assertThat(compareJson(rules, "{\"etag\":1,\"a\":{\"b\":[{\"etag\":2}]}}", "{\"etag\":3,\"a\":{\"b\":[{\"etag\":4}]}}")
                .outcome()).isEqualTo(Comparison.Outcome.MATCH);
    }

    @Test
    void onlyAllowedHeadersAreComparedAndIgnoredHeadersNever() {
        Response legacy = Response.of(200, Map.of("Content-Type", "text/plain", "Date", "d1", "X-Version", "1",
                "Cache-Control", "no-store"), "same".getBytes(StandardCharsets.UTF_8));
        Response candidate = Response.of(200, Map.of("content-type", "text/plain", "Date", "d2", "X-Version", "2",
                "Cache-Control", "max-age=60"), "same".getBytes(StandardCharsets.UTF_8));

        Comparison result = compare(rules("""
                headers: [Content-Type, X-Version, Cache-Control]
                ignoreHeaders: [cache-control]
                """), legacy, candidate);

        assertThat(result.mismatches()).containsExactly(new Difference(Kind.HEADER, "header:x-version", "1", "2"));
    }

    @Test
    void contentTypeParametersSpelledDifferentlyAreTheSame() {
        Response legacy = Responses.of(200, "application/json;charset=UTF-8", "{}");
        Response candidate = Responses.of(200, "application/json; charset=utf-8", "{}");

        assertThat(compare(CompareRules.DEFAULTS, legacy, candidate).outcome()).isEqualTo(Comparison.Outcome.MATCH);
    }

    @Test
    void jsonWithAUtf8CharsetIsTheSameTypeAsBareJsonButOtherCharsetsStillDiffer() {
        assertThat(compare(CompareRules.DEFAULTS, Responses.of(200, "application/json;charset=UTF-8", "{}"),
                Responses.of(200, "application/json", "{}")).outcome()).isEqualTo(Comparison.Outcome.MATCH);
        assertThat(compare(CompareRules.DEFAULTS, Responses.of(200, "text/html;charset=ISO-8859-1", ""),
                Responses.of(200, "text/html", "")).outcome()).isEqualTo(Comparison.Outcome.MISMATCH);
    }

    @Test
    void whatDiffersBetweenTwoLegacyAnswersIsNoiseForThatComparison() {
        Response legacy = json("{\"generatedAt\":\"10:00:01\",\"requestId\":\"9f1c\",\"total\":3}");
        Response legacyAgain = json("{\"generatedAt\":\"10:00:02\",\"requestId\":\"77ab\",\"total\":3}");
        Response candidate = json("{\"generatedAt\":\"10:00:02\",\"requestId\":\"c0de\",\"total\":4}");

        Comparison result = new ResponseComparator(CompareRules.DEFAULTS)
                .compare(Exchange.withLegacyAgain("catalog-read", legacy, legacyAgain, candidate));

        assertThat(result.mismatches()).containsExactly(new Difference(Kind.CHANGED, "/total", "3", "4"));
        assertThat(result.noise()).isEqualTo(2);
    }

    @Test
    void learnedNoiseNamesStatusHeadersAndPointers() {
        Response legacy = Response.of(200, Map.of("Content-Type", "application/json", "X-Node", "a"),
                "{\"id\":\"1\",\"n\":1}".getBytes(StandardCharsets.UTF_8));
        Response legacyAgain = Response.of(203, Map.of("Content-Type", "application/json", "X-Node", "b"),
                "{\"id\":\"2\",\"n\":1}".getBytes(StandardCharsets.UTF_8));

        Set<String> noise = new ResponseComparator(rules("headers: [Content-Type, X-Node]"))
                .learnNoise(legacy, legacyAgain);

        assertThat(noise).containsExactlyInAnyOrder("status", "header:x-node", "/id");
    }

    @Test
    void textLinesThatDifferBetweenLegacyAnswersAreNoise() {
        Response legacy = Responses.of(200, "text/html", "<html>\n<p>token 111</p>\n<p>Mug</p>\n</html>");
        Response legacyAgain = Responses.of(200, "text/html", "<html>\n<p>token 222</p>\n<p>Mug</p>\n</html>");
        Response candidate = Responses.of(200, "text/html", "<html>\n<p>token 333</p>\n<p>Cup</p>\n</html>");

        Comparison result = new ResponseComparator(CompareRules.DEFAULTS)
                .compare(Exchange.withLegacyAgain("home", legacy, legacyAgain, candidate));

        assertThat(result.mismatches()).containsExactly(new Difference(Kind.LINES, "line:3", "<p>Mug</p>", "<p>Cup</p>"));
    }

    @Test
    void learnedTextNoiseIsNamedByLegacyLineNumber() {
        Set<String> noise = new ResponseComparator(CompareRules.DEFAULTS).learnNoise(
                Responses.of(200, "text/plain", "a\nb 1\nc"), Responses.of(200, "text/plain", "a\nb 2\nc"));

        assertThat(noise).containsExactly("line:2");
    }

    @Test
    void learnedNoiseAccumulatesPerRouteWithCountsAndGeneralisedIndices() {
        LearnedNoise learned = new LearnedNoise();
        learned.record("catalog-read", Set.of("/generatedAt", "/items/0/updatedAt", "/items/3/updatedAt", "status"));
        learned.record("catalog-read", Set.of("/generatedAt"));
        learned.record("orders", Set.of("/placedAt"));

        assertThat(learned.pairs("catalog-read")).isEqualTo(2);
        assertThat(learned.counts("catalog-read")).isEqualTo(Map.of("/generatedAt", 2L, "/items/*/updatedAt", 1L));
        assertThat(learned.patterns("catalog-read", 2)).extracting(PointerPattern::text).containsExactly("/generatedAt");
    }

    @Test
    void learnedPatternsBecomeIgnoreRules() {
        LearnedNoise learned = new LearnedNoise();
        learned.record("catalog-read", Set.of("/items/1/updatedAt"));
        CompareRules rules = CompareRules.DEFAULTS.withIgnored(learned.patterns("catalog-read", 1));

        assertThat(compareJson(rules, "{\"items\":[{\"updatedAt\":1},{\"updatedAt\":2}]}",
                "{\"items\":[{\"updatedAt\":5},{\"updatedAt\":6}]}").outcome()).isEqualTo(Comparison.Outcome.MATCH);
    }

    @Test
    void noiseLearnedOnARouteClearsItFromALaterComparisonThatHadNoSecondLegacyAnswer() {
        LearnedNoise learned = new LearnedNoise();
        learned.record("catalog-read", Set.of("/generatedAt"));
        Comparison timestampOnly = compareJson(CompareRules.DEFAULTS, "{\"generatedAt\":\"t1\",\"price\":1}",
                "{\"generatedAt\":\"t2\",\"price\":1}");
        Comparison priceToo = compareJson(CompareRules.DEFAULTS, "{\"generatedAt\":\"t1\",\"price\":1}",
                "{\"generatedAt\":\"t2\",\"price\":2}");

        Comparison cleared = learned.filter("catalog-read", timestampOnly, 1);
        Comparison stillWrong = learned.filter("catalog-read", priceToo, 1);

        assertThat(timestampOnly.outcome()).isEqualTo(Comparison.Outcome.MISMATCH);
        assertThat(cleared.outcome()).isEqualTo(Comparison.Outcome.MATCH);
        assertThat(cleared.noise()).isEqualTo(timestampOnly.noise() + 1);
        assertThat(stillWrong.mismatches()).extracting(Difference::path).containsExactly("/price");
        assertThat(stillWrong.mismatchCount()).isEqualTo(1);
        assertThat(learned.filter("orders", timestampOnly, 1)).as("another route learned nothing").isSameAs(timestampOnly);
    }
}
