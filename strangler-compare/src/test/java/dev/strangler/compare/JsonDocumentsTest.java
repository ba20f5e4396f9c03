package dev.strangler.compare;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strangler.compare.Difference.Kind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonDocumentsTest {

    private static JsonNode json(String text) throws Exception {
        return JsonDocuments.parse(text);
    }

    private static JsonDocuments ignoring(String... patterns) {
        return new JsonDocuments(CompareRules.DEFAULTS.withIgnored(
                java.util.Arrays.stream(patterns).map(PointerPattern::parse).toList()));
    }

    @Test
    void canonicalJsonSortsFieldsDropsIgnoredValuesAndKeepsNumbersAsWritten() throws Exception {
        String canonical = ignoring("/placedAt", "/lines/*/at").canonical(
                json("{\"total\": 12.50, \"placedAt\": \"x\", \"id\": 7, \"lines\": [{\"sku\": \"A\", \"at\": 1}]}"));

        assertThat(canonical).isEqualTo("{\"id\":7,\"lines\":[{\"sku\":\"A\"}],\"total\":12.50}");
    }

    @Test
    void documentsDifferingOnlyInIgnoredFieldsOrFieldOrderHaveTheSameDigest() throws Exception {
        JsonDocuments documents = ignoring("/placedAt");

        assertThat(documents.sha256(json("{\"id\":1,\"placedAt\":\"2026-01-01\",\"total\":3.00}")))
                .isEqualTo(documents.sha256(json("{\"total\":3.00,\"placedAt\":\"2026-02-02\",\"id\":1}")))
                .hasSize(64)
                .isNotEqualTo(documents.sha256(json("{\"total\":3.0,\"id\":1}")));
    }

    @Test
    void comparingDocumentsReportsEveryDifferenceButTheIgnoredOnes() throws Exception {
        Comparison result = ignoring("/placedAt").compare(
                json("{\"placedAt\":\"a\",\"lines\":[{\"unitPrice\":9.99}]}"),
                json("{\"placedAt\":\"b\",\"lines\":[{\"unitPrice\":8.99}]}"));

        assertThat(result.outcome()).isEqualTo(Comparison.Outcome.MISMATCH);
        assertThat(result.mismatches()).containsExactly(new Difference(Kind.CHANGED, "/lines/0/unitPrice", "9.99", "8.99"));
        assertThat(result.noise()).isEqualTo(1);
    }

    @Test
    void rulesInsideALargerDocumentReportTheirProblemsAtTheirPlace() throws Exception {
        List<String> problems = new ArrayList<>();

        CompareRulesReader.rules(json("{\"ignore\":[\"placedAt\"],\"ignores\":[]}"), "compare", problems);

        assertThat(problems).containsExactlyInAnyOrder(
                "compare.ignore[0]: pointer pattern 'placedAt' must start with '/'",
                "compare.ignores: unknown field (known: arraysAsSets, arraysByKey, expect, headers, ignore, ignoreHeaders, "
                        + "maxBodyBytes, maxDifferences, maxLineEdits, maxValueChars, numbers, skipIncomparableTypes)");
    }
}
