package dev.strangler.compare;

import static dev.strangler.compare.Responses.compare;
import static dev.strangler.compare.Responses.rules;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.compare.Difference.Kind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BodyKindsTest {

    @Test
    void textIsComparedLineByLineWithLegacyLineNumbers() {
        Comparison result = compare(CompareRules.DEFAULTS,
                Responses.of(200, "text/plain", "one\ntwo\nthree\nfour"),
                Responses.of(200, "text/plain", "one\nTWO\nthree\nfour\nfive"));

        assertThat(result.mismatches()).containsExactly(
                new Difference(Kind.LINES, "line:2", "two", "TWO"),
                new Difference(Kind.LINES, "line:5", "", "five"));
    }

    @Test
    void pastTheLineEditBudgetOnlyTheFirstDifferingLineIsReported() {
        String legacy = "same\n" + "a\n".repeat(50);
        String candidate = "same\n" + "b\n".repeat(50);

        Comparison result = compare(rules("maxLineEdits: 10"), Responses.of(200, "text/plain", legacy),
                Responses.of(200, "text/plain", candidate));

        assertThat(result.mismatches()).containsExactly(new Difference(Kind.LINES, "line:2", "a", "b"));
        assertThat(compare(CompareRules.DEFAULTS, Responses.of(200, "text/plain", legacy),
                Responses.of(200, "text/plain", candidate)).mismatchCount()).isEqualTo(50);
    }

    @Test
    void htmlIsComparedLineByLine() {
        Comparison result = compare(CompareRules.DEFAULTS,
                Responses.of(200, "text/html;charset=UTF-8", "<ul>\n<li>Mug</li>\n</ul>"),
                Responses.of(200, "text/html;charset=UTF-8", "<ul>\n<li>Mug</li>\n<li>Cup</li>\n</ul>"));

        assertThat(result.mismatches()).containsExactly(new Difference(Kind.LINES, "line:3", "", "<li>Cup</li>"));
    }

    @Test
    void equalTextMatches() {
        assertThat(compare(CompareRules.DEFAULTS, Responses.of(200, "text/csv", "a,b\n1,2"),
                Responses.of(200, "text/csv", "a,b\n1,2")).outcome()).isEqualTo(Comparison.Outcome.MATCH);
    }

    @Test
    void binaryBodiesAreComparedBySha256() {
        Response legacy = Response.of(200, Map.of("Content-Type", "image/png"), new byte[] {1, 2, 3});
        Response same = Response.of(200, Map.of("Content-Type", "image/png"), new byte[] {1, 2, 3});
        Response other = Response.of(200, Map.of("Content-Type", "image/png"), new byte[] {1, 2, 4});

        assertThat(compare(CompareRules.DEFAULTS, legacy, same).outcome()).isEqualTo(Comparison.Outcome.MATCH);
        assertThat(compare(CompareRules.DEFAULTS, legacy, other).mismatches()).containsExactly(new Difference(
                Kind.DIGEST, "body", "sha256:039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81",
                "sha256:" + BodyComparator.sha256(new byte[] {1, 2, 4})));
    }

    @Test
    void jsonAgainstHtmlIsSkippedByDefault() {
        Comparison result = compare(CompareRules.DEFAULTS, Responses.json("{}"),
                Responses.of(200, "text/html", "<p>error</p>"));

        assertThat(result.outcome()).isEqualTo(Comparison.Outcome.MISMATCH);
        assertThat(result.mismatches()).extracting(Difference::kind).containsExactly(Kind.HEADER);
        assertThat(result.skipReason()).isEqualTo(
                "bodies not comparable: legacy JSON (application/json), candidate HTML (text/html)");
    }

    @Test
    void incomparableTypesAreSkippedWhenTheHeaderIsNotCompared() {
        Comparison result = compare(rules("headers: []"), Responses.json("{}"), Responses.of(200, "text/html", "x"));

        assertThat(result.outcome()).isEqualTo(Comparison.Outcome.SKIPPED);
    }

    @Test
    void incomparableTypesAreComparedByDigestWhenSoConfigured() {
        Comparison result = compare(rules("{headers: [], skipIncomparableTypes: false}"),
                Responses.json("{}"), Responses.of(200, "text/html", "x"));

        assertThat(result.mismatches()).extracting(Difference::kind).containsExactly(Kind.DIGEST);
    }

    @Test
    void twoEmptyBodiesMatchWhateverTheirTypes() {
        Response legacy = Response.of(204, Map.of(), new byte[0]);
        Response candidate = Response.of(204, Map.of(), new byte[0]);

        assertThat(compare(CompareRules.DEFAULTS, legacy, candidate).outcome()).isEqualTo(Comparison.Outcome.MATCH);
    }

    @Test
    void aPlainBodyOverTheCapIsSkipped() {
        Comparison result = compare(rules("maxBodyBytes: 4"), Responses.of(200, "text/plain", "12345"),
                Responses.of(200, "text/plain", "12345"));

        assertThat(result.outcome()).isEqualTo(Comparison.Outcome.SKIPPED);
        assertThat(result.skipReason()).isEqualTo("legacy body: body of 5 bytes is over the cap of 4");
    }
}
