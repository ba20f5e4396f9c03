package dev.strangler.compare;

import static dev.strangler.compare.Responses.compare;
import static dev.strangler.compare.Responses.compareJson;
import static dev.strangler.compare.Responses.json;
import static dev.strangler.compare.Responses.rules;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.compare.Difference.Kind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpectedDifferencesTest {

    @Test
    void aFieldTheCandidateIsMeantToAddIsExpectedNotAMismatch() {
        Comparison result = compareJson(rules("expect: {extra: [/recentlyViewed]}"),
                "{\"sku\":\"A\"}", "{\"sku\":\"A\",\"recentlyViewed\":[{\"sku\":\"B\"}]}");

        assertThat(result.outcome()).isEqualTo(Comparison.Outcome.MATCH);
        assertThat(result.expected()).containsExactly(
                new Difference(Kind.EXTRA, "/recentlyViewed", null, "[{\"sku\":\"B\"}]"));
    }

    @Test
    void anExpectedExtraObjectCoversTheFieldsAddedInside() {
        Comparison result = compareJson(rules("expect: {extra: [/meta]}"),
                "{\"meta\":{\"a\":1}}", "{\"meta\":{\"a\":1,\"b\":2}}");

        assertThat(result.outcome()).isEqualTo(Comparison.Outcome.MATCH);
        assertThat(result.expected()).extracting(Difference::path).containsExactly("/meta/b");
    }

    @Test
    void anExpectedExtraDoesNotExcuseAChangeAtTheSamePlace() {
        Comparison result = compareJson(rules("expect: {extra: [/name]}"), "{\"name\":\"a\"}", "{\"name\":\"b\"}");

        assertThat(result.outcome()).isEqualTo(Comparison.Outcome.MISMATCH);
    }

    @Test
    void expectedMissingAndChangedFieldsAreReportedAsExpected() {
        Comparison result = compareJson(rules("expect: {missing: [/legacyOnly], changed: [/items/*/id]}"),
                "{\"legacyOnly\":1,\"items\":[{\"id\":17}]}", "{\"items\":[{\"id\":\"p-17\"}]}");

        assertThat(result.outcome()).isEqualTo(Comparison.Outcome.MATCH);
        assertThat(result.expected()).extracting(Difference::kind).containsExactlyInAnyOrder(Kind.MISSING, Kind.TYPE_CHANGED);
    }

    @Test
    void aDeclaredStatusMappingIsExpectedAndOnlyThatOne() {
        CompareRules rules = rules("expect: {status: {302: 303}}");

        Comparison mapped = compare(rules, json(302, "{}"), json(303, "{}"));
        Comparison other = compare(rules, json(302, "{}"), json(307, "{}"));

        assertThat(mapped.outcome()).isEqualTo(Comparison.Outcome.MATCH);
        assertThat(mapped.expected()).containsExactly(new Difference(Kind.STATUS, "status", "302", "303"));
        assertThat(other.mismatches()).containsExactly(new Difference(Kind.STATUS, "status", "302", "307"));
    }

    @Test
    void anExpectedHeaderChangeIsNotAMismatch() {
        Response legacy = Response.of(200, Map.of("Content-Type", "application/json", "Server", "Tomcat"), new byte[0]);
        Response candidate = Response.of(200, Map.of("Content-Type", "application/json", "Server", "Vert.x"), new byte[0]);

        Comparison result = compare(rules("{\"headers\": [\"Content-Type\", \"Server\"], \"expect\": {\"headers\": [\"Server\"]}}"),
                legacy, candidate);

        assertThat(result.outcome()).isEqualTo(Comparison.Outcome.MATCH);
        assertThat(result.expected()).hasSize(1);
    }
}
