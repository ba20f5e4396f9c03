package dev.strangler.compare;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strangler.compare.Difference.Kind;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A realistic pair: Acme Shop's product page (ProductPage/Product as Spring writes them) against catalog-service's. */
class CatalogPageComparisonTest {

    private static final String LEGACY = """
            {"items":[
              {"sku":"ACME-00001","name":"Anvil","description":"Drop-forged, 50 kg","price":129.90,
               "category":"tools","stock":12,"updatedAt":"2026-11-28T09:15:00Z"},
              {"sku":"ACME-00002","name":"Rocket skates","description":"Mind the cliffs","price":89.00,
               "category":"outdoor","stock":3,"updatedAt":"2026-11-28T09:16:30Z"}],
             "page":0,"size":2,"totalItems":1042,"totalPages":521,"sort":"name,asc",
             "generatedAt":"2026-11-29T05:00:01.123Z"}""";

    private static final String LEGACY_AGAIN = LEGACY.replace("05:00:01.123Z", "05:00:01.987Z");

    // The extracted service writes BigDecimals without trailing zeros, adds recentlyViewed, and (the real bug
    // this comparison is for) has missed a stock change on the second product.
    private static final String CANDIDATE = """
            {"items":[
              {"sku":"ACME-00001","name":"Anvil","description":"Drop-forged, 50 kg","price":129.9,
               "category":"tools","stock":12,"updatedAt":"2026-11-28T09:15:00Z"},
              {"sku":"ACME-00002","name":"Rocket skates","description":"Mind the cliffs","price":89,
               "category":"outdoor","stock":5,"updatedAt":"2026-11-28T09:16:30Z"}],
             "page":0,"size":2,"totalItems":1042,"totalPages":521,"sort":"name,asc",
             "generatedAt":"2026-11-29T05:00:01.200Z","recentlyViewed":["ACME-00007"]}""";

    private static final CompareRules RULES = CompareRulesReader.read(CompareRulesReaderTest.EXAMPLE)
            .forRoute("catalog-read");

    @Test
    void onlyTheMissedStockChangeIsAMismatch() {
        Comparison result = new ResponseComparator(RULES).compare(legacy(LEGACY), candidate(CANDIDATE));

        assertThat(result.outcome()).isEqualTo(Comparison.Outcome.MISMATCH);
        assertThat(result.mismatches()).containsExactly(
                new Difference(Kind.MISSING, "/items/1", LEGACY_ITEM_2, null),
                new Difference(Kind.EXTRA, "/items/1", null, LEGACY_ITEM_2.replace("\"stock\":3", "\"stock\":5")
                        .replace("89.00", "89")));
        assertThat(result.expected()).extracting(Difference::path).containsExactly("/recentlyViewed");
    }

    @Test
    void inOrderTheStockChangeIsReportedAtItsField() {
        CompareRules inOrder = CompareRulesReader.readRules("""
                ignore: [/generatedAt]
                numbers: {byValue: true}
                expect: {extra: [/recentlyViewed]}
                """);

        Comparison result = new ResponseComparator(inOrder).compare(legacy(LEGACY), candidate(CANDIDATE));

        assertThat(result.mismatches()).containsExactly(new Difference(Kind.CHANGED, "/items/1/stock", "3", "5"));
        assertThat(result.noise()).isEqualTo(1);
    }

    @Test
    void pairedBySkuTheStockChangeIsReportedAtItsFieldWhateverTheOrder() throws Exception {
        CompareRules bySku = CompareRulesReader.readRules("""
                ignore: [/generatedAt]
                arraysByKey: [{path: /items, key: /sku}]
                numbers: {byValue: true}
                expect: {extra: [/recentlyViewed]}
                """);
        ObjectNode page = (ObjectNode) BodyComparator.JSON.readTree(CANDIDATE);
        ArrayNode items = (ArrayNode) page.get("items");
        page.set("items", BodyComparator.JSON.createArrayNode().add(items.get(1)).add(items.get(0)));
        String reordered = page.toString();

        Comparison result = new ResponseComparator(bySku).compare(legacy(LEGACY), candidate(reordered));

        assertThat(result.mismatches()).extracting(Difference::path).containsExactly("/items/1/stock");
    }

    @Test
    void withoutRulesTheGeneratedAtNoiseIsLearnedFromASecondLegacyAnswer() {
        CompareRules numbersOnly = CompareRulesReader.readRules("{numbers: {byValue: true}, expect: {extra: [/recentlyViewed]}}");

        Comparison result = new ResponseComparator(numbersOnly).compare(
                Exchange.withLegacyAgain("catalog-read", legacy(LEGACY), legacy(LEGACY_AGAIN), candidate(CANDIDATE)));

        assertThat(result.mismatches()).extracting(Difference::path).containsExactly("/items/1/stock");
        assertThat(result.noise()).isEqualTo(1);
    }

    @Test
    void theSamePageFromBothSidesMatches() {
        String sameAsLegacy = CANDIDATE.replace("\"stock\":5", "\"stock\":3");

        assertThat(new ResponseComparator(RULES).compare(legacy(LEGACY), candidate(sameAsLegacy)).outcome())
                .isEqualTo(Comparison.Outcome.MATCH);
    }

    private static final String LEGACY_ITEM_2 = "{\"sku\":\"ACME-00002\",\"name\":\"Rocket skates\","
            + "\"description\":\"Mind the cliffs\",\"price\":89.00,\"category\":\"outdoor\",\"stock\":3,"
            + "\"updatedAt\":\"2026-11-28T09:16:30Z\"}";

    private static Response legacy(String body) {
        // Spring Boot's Tomcat spells the type this way; Vert.x sends it bare.
        return Response.of(200, Map.of("Content-Type", "application/json;charset=UTF-8"), bytes(body));
    }

    private static Response candidate(String body) {
        return Response.of(200, Map.of("Content-Type", "application/json"), bytes(body));
    }

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
