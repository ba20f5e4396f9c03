package dev.strangler.cli.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FiguresTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void shadowSummariesAddUpCountsAndTakeTheWorstRoutesP99Delta() throws Exception {
        Map<String, JsonNode> summaries = new LinkedHashMap<>();
        summaries.put("a", json("""
                {"route": "a", "compared": 100, "matched": 90, "mismatched": 5, "skipped": 5,
                 "legacy": {"errors": 1, "p99Ms": 10.0}, "candidate": {"errors": 3, "p99Ms": 30.0}}"""));
        summaries.put("b", json("""
                {"route": "b", "compared": 0, "recentMismatches": []}"""));
        summaries.put("c", json("""
                {"route": "c", "compared": 100, "matched": 100, "mismatched": 0, "skipped": 0,
                 "legacy": {"errors": 0, "p99Ms": 10.0}, "candidate": {"errors": 0, "p99Ms": 12.0}}"""));

        GateNumbers numbers = Figures.fromShadow(summaries);

        assertThat(numbers.sample()).isEqualTo(200);
        assertThat(numbers.mismatchRate()).isCloseTo(5.0 / 195, within(1e-9));
        assertThat(numbers.errorRateDelta()).isCloseTo(2.0 / 200, within(1e-9));
        assertThat(numbers.p99DeltaMillis()).isEqualTo(20.0);
        assertThat(numbers.compares()).isTrue();
        assertThat(numbers.toJson().path("routes").fieldNames()).toIterable().containsExactly("a", "b", "c");
    }

    @Test
    void noComparisonsYetMeansNoRates() throws Exception {
        GateNumbers numbers = Figures.fromShadow(Map.of("a", json("{\"route\": \"a\", \"compared\": 0}")));

        assertThat(numbers.sample()).isZero();
        assertThat(numbers.mismatchRate()).isNull();
        assertThat(numbers.errorRateDelta()).isNull();
        assertThat(numbers.p99DeltaMillis()).isNull();
    }

    @Test
    void trafficComparesTheExtractedSideWithLegacyAndSamplesTheExtractedRequests() throws Exception {
        GateNumbers numbers = Figures.fromTraffic(Map.of("a", json("""
                {"route": "a", "legacy": {"requests": 100, "errors": 1, "p99Ms": 20.0},
                 "extracted": {"requests": 50, "errors": 5, "p99Ms": 25.0}}""")), false, Map.of());

        assertThat(numbers.sample()).isEqualTo(50);
        assertThat(numbers.errorRateDelta()).isCloseTo(0.1 - 0.01, within(1e-9));
        assertThat(numbers.p99DeltaMillis()).isEqualTo(5.0);
        assertThat(numbers.mismatchRate()).isNull();
        assertThat(numbers.compares()).isFalse();
    }

    @Test
    void whereLegacyServedNothingItsBaselineStandsInElseAZeroErrorRateAndNoP99() throws Exception {
        JsonNode extractedOnly = json("""
                {"route": "a", "legacy": {"requests": 0, "errors": 0, "p99Ms": null},
                 "extracted": {"requests": 10, "errors": 1, "p99Ms": 40.0}}""");
        JsonNode baseline = json("{\"requests\": 100, \"errors\": 2, \"p99Ms\": 30.0}");

        GateNumbers with = Figures.fromTraffic(Map.of("a", extractedOnly), false, Map.of("a", baseline));
        GateNumbers without = Figures.fromTraffic(Map.of("a", extractedOnly), false, Map.of());

        assertThat(with.errorRateDelta()).isCloseTo(0.1 - 0.02, within(1e-9));
        assertThat(with.p99DeltaMillis()).isEqualTo(10.0);
        assertThat(without.errorRateDelta()).isCloseTo(0.1, within(1e-9));
        assertThat(without.p99DeltaMillis()).isNull();
    }

    @Test
    void aLegacyStepSamplesTheRequestsLegacyServed() throws Exception {
        GateNumbers numbers = Figures.fromTraffic(Map.of("a", json("""
                {"route": "a", "legacy": {"requests": 7, "errors": 0, "p99Ms": 1.0}, "extracted": {"requests": 0, "errors": 0}}""")),
                true, Map.of());

        assertThat(numbers.sample()).isEqualTo(7);
        assertThat(numbers.errorRateDelta()).isNull();
    }
}
