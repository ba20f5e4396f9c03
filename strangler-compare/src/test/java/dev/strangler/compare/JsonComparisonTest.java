package dev.strangler.compare;

import static dev.strangler.compare.Responses.compareJson;
import static dev.strangler.compare.Responses.rules;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.compare.Difference.Kind;
import org.junit.jupiter.api.Test;

class JsonComparisonTest {

    private static final CompareRules DEFAULTS = CompareRules.DEFAULTS;

    @Test
    void equalDocumentsWithFieldsInAnotherOrderMatch() {
        Comparison result = compareJson(DEFAULTS, "{\"a\":1,\"b\":{\"c\":[1,2]}}", "{\"b\":{\"c\":[1,2]},\"a\":1}");

        assertThat(result.outcome()).isEqualTo(Comparison.Outcome.MATCH);
        assertThat(result.mismatches()).isEmpty();
    }

    @Test
    void aChangedValueIsReportedAtItsPointerWithBothValues() {
        Comparison result = compareJson(DEFAULTS, "{\"item\":{\"name\":\"Mug\"}}", "{\"item\":{\"name\":\"Cup\"}}");

        assertThat(result.outcome()).isEqualTo(Comparison.Outcome.MISMATCH);
        assertThat(result.mismatches()).containsExactly(new Difference(Kind.CHANGED, "/item/name", "\"Mug\"", "\"Cup\""));
    }

    @Test
    void aValueOfAnotherTypeIsATypeChange() {
        Comparison result = compareJson(DEFAULTS, "{\"price\":19.9}", "{\"price\":\"19.9\"}");

        assertThat(result.mismatches()).containsExactly(new Difference(Kind.TYPE_CHANGED, "/price", "19.9", "\"19.9\""));
    }

    @Test
    void fieldsOnOneSideOnlyAreMissingOrExtra() {
        Comparison result = compareJson(DEFAULTS, "{\"a\":1,\"gone\":true}", "{\"a\":1,\"added\":[1]}");

        assertThat(result.mismatches()).containsExactlyInAnyOrder(
                new Difference(Kind.MISSING, "/gone", "true", null),
                new Difference(Kind.EXTRA, "/added", null, "[1]"));
    }

    @Test
    void pointersEscapeSlashAndTilde() {
        Comparison result = compareJson(DEFAULTS, "{\"a/b\":{\"c~d\":1}}", "{\"a/b\":{\"c~d\":2}}");

        assertThat(result.mismatches()).extracting(Difference::path).containsExactly("/a~1b/c~0d");
    }

    @Test
    void arraysCompareInOrderByDefault() {
        Comparison result = compareJson(DEFAULTS, "{\"tags\":[\"a\",\"b\",\"c\"]}", "{\"tags\":[\"b\",\"a\"]}");

        assertThat(result.mismatches()).containsExactly(
                new Difference(Kind.CHANGED, "/tags/0", "\"a\"", "\"b\""),
                new Difference(Kind.CHANGED, "/tags/1", "\"b\"", "\"a\""),
                new Difference(Kind.MISSING, "/tags/2", "\"c\"", null));
    }

    @Test
    void arraysNamedAsSetsIgnoreOrderButNotMembership() {
        CompareRules sets = rules("arraysAsSets: [/items/*/tags]");

        assertThat(compareJson(sets, "{\"items\":[{\"tags\":[\"a\",\"b\",\"a\"]}]}",
                "{\"items\":[{\"tags\":[\"a\",\"a\",\"b\"]}]}").outcome()).isEqualTo(Comparison.Outcome.MATCH);
        assertThat(compareJson(sets, "{\"items\":[{\"tags\":[\"a\",\"b\"]}]}",
                "{\"items\":[{\"tags\":[\"c\",\"a\"]}]}").mismatches()).containsExactly(
                new Difference(Kind.MISSING, "/items/0/tags/1", "\"b\"", null),
                new Difference(Kind.EXTRA, "/items/0/tags/0", null, "\"c\""));
    }

    @Test
    void setElementsThemselvesCompareUnderTheRules() {
        CompareRules sets = rules("""
                arraysAsSets: [/items]
                ignore: [/items/*/updatedAt]
                """);

        Comparison result = compareJson(sets,
                "{\"items\":[{\"sku\":\"A\",\"updatedAt\":1},{\"sku\":\"B\",\"updatedAt\":2}]}",
                "{\"items\":[{\"sku\":\"B\",\"updatedAt\":9},{\"sku\":\"A\",\"updatedAt\":8}]}");

        assertThat(result.outcome()).isEqualTo(Comparison.Outcome.MATCH);
    }

    @Test
    void arraysByKeyPairElementsWhateverTheirOrderAndReportChangedFields() {
        CompareRules keyed = rules("arraysByKey: [{path: /items, key: /sku}]");

        Comparison result = compareJson(keyed,
                "{\"items\":[{\"sku\":\"A\",\"stock\":1},{\"sku\":\"B\",\"stock\":2},{\"sku\":\"C\",\"stock\":3}]}",
                "{\"items\":[{\"sku\":\"D\",\"stock\":4},{\"sku\":\"B\",\"stock\":5},{\"sku\":\"A\",\"stock\":1}]}");

        assertThat(result.mismatches()).containsExactly(
                new Difference(Kind.CHANGED, "/items/1/stock", "2", "5"),
                new Difference(Kind.MISSING, "/items/2", "{\"sku\":\"C\",\"stock\":3}", null),
                new Difference(Kind.EXTRA, "/items/0", null, "{\"sku\":\"D\",\"stock\":4}"));
    }

    @Test
    void elementsWithoutTheKeyAreNeverPaired() {
        CompareRules keyed = rules("arraysByKey: [{path: /items, key: /id/value}]");

        assertThat(compareJson(keyed, "{\"items\":[{\"id\":{\"value\":7}},{}]}",
                "{\"items\":[{},{\"id\":{\"value\":7}}]}").mismatches())
                .extracting(Difference::kind).containsExactly(Kind.MISSING, Kind.EXTRA);
    }

    @Test
    void numbersCompareAsWrittenUnlessARuleSaysByValue() {
        assertThat(compareJson(DEFAULTS, "{\"n\":1.0}", "{\"n\":1}").mismatches())
                .containsExactly(new Difference(Kind.CHANGED, "/n", "1.0", "1"));
        assertThat(compareJson(rules("numbers: {byValue: true}"), "{\"n\":1.0,\"m\":2.50}", "{\"n\":1,\"m\":2.5}")
                .outcome()).isEqualTo(Comparison.Outcome.MATCH);
    }

    @Test
    void absoluteToleranceAppliesOnlyWhereItsPatternMatches() {
        CompareRules tolerant = rules("numbers: {tolerances: [{path: /items/*/price, absolute: 0.01}]}");

        Comparison result = compareJson(tolerant,
                "{\"items\":[{\"price\":19.99,\"stock\":3}]}", "{\"items\":[{\"price\":20.00,\"stock\":4}]}");

        assertThat(result.mismatches()).extracting(Difference::path).containsExactly("/items/0/stock");
        assertThat(compareJson(tolerant, "{\"items\":[{\"price\":19.99}]}", "{\"items\":[{\"price\":20.01}]}")
                .mismatches()).extracting(Difference::path).containsExactly("/items/0/price");
    }

    @Test
    void relativeToleranceScalesWithTheLargerValue() {
        CompareRules tolerant = rules("numbers: {tolerances: [{path: /total, relative: 0.001}]}");

        assertThat(compareJson(tolerant, "{\"total\":100000}", "{\"total\":100099}").outcome())
                .isEqualTo(Comparison.Outcome.MATCH);
        assertThat(compareJson(tolerant, "{\"total\":100}", "{\"total\":100.2}").outcome())
                .isEqualTo(Comparison.Outcome.MISMATCH);
    }

    @Test
    void longValuesAreCutToTheBoundSayingHowMuchWasLeftOut() {
        String longText = "x".repeat(500);
        Comparison result = compareJson(rules("maxValueChars: 10"), "{\"d\":\"" + longText + "\"}", "{\"d\":\"y\"}");

        assertThat(result.mismatches().getFirst().legacy()).isEqualTo("\"xxxxxxxxx…(+492 chars)");
    }

    @Test
    void onlyTheFirstDifferencesAreListedButAllAreCounted() {
        Comparison result = compareJson(rules("maxDifferences: 2"), "[1,2,3,4,5]", "[5,4,3,2,1]");

        assertThat(result.mismatches()).hasSize(2);
        assertThat(result.mismatchCount()).isEqualTo(4);
    }

    @Test
    void aJsonTypedBodyThatIsNotJsonIsComparedByLine() {
        Comparison result = compareJson(DEFAULTS, "oops\nline", "oops\nother");

        assertThat(result.mismatches()).containsExactly(new Difference(Kind.LINES, "line:2", "line", "other"));
    }
}
