package dev.strangler.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompareRulesReaderTest {

    static final String EXAMPLE = """
            apiVersion: strangler/v1
            defaults:
              headers: [Content-Type]
              maxBodyBytes: 2097152
            routes:
              catalog-read:
                ignore: [/generatedAt, /items/*/updatedAt]
                arraysAsSets: [/items]
                numbers:
                  byValue: true
                  tolerances:
                    - {path: /items/*/price, absolute: 0.005}
                expect:
                  extra: [/recentlyViewed]
                  status: {302: 303}
                maxDifferences: 10
            """;

    @Test
    void aFileGivesEachRouteItsRulesOverTheDefaults() {
        CompareRulesFile file = CompareRulesReader.read(EXAMPLE);

        CompareRules catalog = file.forRoute("catalog-read");
        assertThat(catalog.ignore()).extracting(PointerPattern::text).containsExactly("/generatedAt", "/items/*/updatedAt");
        assertThat(catalog.arraysAsSets()).extracting(PointerPattern::text).containsExactly("/items");
        assertThat(catalog.numbersByValue()).isTrue();
        assertThat(catalog.tolerances()).singleElement().satisfies(t -> {
            assertThat(t.path().text()).isEqualTo("/items/*/price");
            assertThat(t.absolute()).isEqualTo(0.005);
        });
        assertThat(catalog.expect().extra()).extracting(PointerPattern::text).containsExactly("/recentlyViewed");
        assertThat(catalog.expect().status()).isEqualTo(Map.of(302, 303));
        assertThat(catalog.maxDifferences()).isEqualTo(10);
        assertThat(catalog.maxBodyBytes()).isEqualTo(2_097_152);
        assertThat(catalog.maxValueChars()).isEqualTo(CompareRules.DEFAULT_MAX_VALUE_CHARS);
    }

    @Test
    void aRouteNotNamedGetsTheDefaults() {
        CompareRules other = CompareRulesReader.read(EXAMPLE).forRoute("orders");

        assertThat(other.ignore()).isEmpty();
        assertThat(other.maxBodyBytes()).isEqualTo(2_097_152);
        assertThat(other.headers()).containsExactly("content-type");
    }

    @Test
    void aRouteKeepsTheDefaultsItDoesNotOverride() {
        CompareRules route = CompareRulesReader.read("""
                apiVersion: strangler/v1
                defaults: {ignore: [/generatedAt], headers: [Content-Type, ETag]}
                routes:
                  orders: {maxDifferences: 3}
                """).forRoute("orders");

        assertThat(route.ignore()).extracting(PointerPattern::text).containsExactly("/generatedAt");
        assertThat(route.headers()).containsExactly("content-type", "etag");
        assertThat(route.maxDifferences()).isEqualTo(3);
    }

    @Test
    void wrongShapesAreReportedWhereTheyAre() {
        InvalidCompareRulesException e = catchThrowableOfType(InvalidCompareRulesException.class, () ->
                CompareRulesReader.read("""
                        apiVersion: strangler/v1
                        routes:
                          a: {headers: [Content-Type, 3], numbers: {tolerances: {path: /x}}, expect: {status: 303}}
                          b: [/x]
                          c: {arraysByKey: [{path: /items, key: /*/sku}, {path: items}]}
                        extra: 1
                        """));

        assertThat(e.problems()).containsExactly(
                "extra: unknown field (known: apiVersion, defaults, routes)",
                "routes.a.headers[1]: must be a non-empty string",
                "routes.a.numbers.tolerances: must be a list of {path, absolute, relative}",
                "routes.a.expect.status: must be a map of legacy status to candidate status",
                "routes.b: must be a map of rules",
                "routes.c.arraysByKey[0].key: must be a plain JSON pointer inside an element, such as /sku",
                "routes.c.arraysByKey[1].path: pointer pattern 'items' must start with '/'",
                "routes.c.arraysByKey[1].key: must be a JSON pointer pattern such as /items/*/updatedAt");
    }

    @Test
    void nothingConfiguredMeansTheDocumentedDefaults() {
        assertThat(CompareRulesReader.readRules("{}")).isEqualTo(CompareRules.DEFAULTS);
    }

    @Test
    void jsonIsReadAsWellAsYaml() {
        CompareRules rules = CompareRulesReader.readRules("{\"ignore\": [\"/a\"], \"numbers\": {\"byValue\": true}}");

        assertThat(rules.ignore()).extracting(PointerPattern::text).containsExactly("/a");
        assertThat(rules.numbersByValue()).isTrue();
    }

    @Test
    void everyProblemIsListedWithItsPlace() {
        InvalidCompareRulesException e = catchThrowableOfType(InvalidCompareRulesException.class, () ->
                CompareRulesReader.read("""
                        apiVersion: strangler/v0
                        defaults:
                          maxBodyBytes: -1
                          colour: blue
                        routes:
                          catalog-read:
                            ignore: [generatedAt, 7]
                            numbers:
                              byValue: "yes"
                              tolerances:
                                - {path: /price}
                                - {path: /total, relative: -1}
                            expect:
                              status: {302: 999, abc: 200}
                              extras: [/x]
                        """));

        assertThat(e.problems()).containsExactly(
                "apiVersion: must be 'strangler/v1', was 'strangler/v0'",
                "defaults.colour: unknown field (known: arraysAsSets, arraysByKey, expect, headers, ignore, ignoreHeaders, "
                        + "maxBodyBytes, maxDifferences, maxLineEdits, maxValueChars, numbers, skipIncomparableTypes)",
                "defaults.maxBodyBytes: must be a whole number > 0, was -1",
                "routes.catalog-read.ignore[0]: pointer pattern 'generatedAt' must start with '/'",
                "routes.catalog-read.ignore[1]: must be a JSON pointer pattern such as /items/*/updatedAt",
                "routes.catalog-read.numbers.byValue: must be true or false, was \"yes\"",
                "routes.catalog-read.numbers.tolerances[0]: give absolute or relative greater than 0",
                "routes.catalog-read.numbers.tolerances[1].relative: must be a number >= 0",
                "routes.catalog-read.numbers.tolerances[1]: give absolute or relative greater than 0",
                "routes.catalog-read.expect.extras: unknown field (known: changed, extra, headers, missing, status)",
                "routes.catalog-read.expect.status.302: '999' is not an HTTP status (100-599)",
                "routes.catalog-read.expect.status.abc: 'abc' is not an HTTP status (100-599)");
        assertThat(e.getMessage()).startsWith("invalid compare rules:\n  apiVersion:");
    }

    @Test
    void aSyntaxErrorIsReportedWithItsLine() {
        InvalidCompareRulesException e = catchThrowableOfType(InvalidCompareRulesException.class, () ->
                CompareRulesReader.readRules("ignore: [/a\nheaders: ]"));

        assertThat(e.problems()).singleElement().asString().startsWith("line 2, column ").contains("not YAML/JSON");
    }

    @Test
    void aDocumentThatIsNotAMapIsRefused() {
        InvalidCompareRulesException e = catchThrowableOfType(InvalidCompareRulesException.class, () ->
                CompareRulesReader.readRules("- /a"));

        assertThat(e.problems()).isEqualTo(List.of("document: must be a map (YAML or JSON object)"));
    }

    @Test
    void pointerPatternsMatchOneSegmentPerStarAndAnyDepthForTwo() {
        assertThat(PointerPattern.parse("/items/*/updatedAt").matches("/items/12/updatedAt")).isTrue();
        assertThat(PointerPattern.parse("/items/*/updatedAt").matches("/items/12/x/updatedAt")).isFalse();
        assertThat(PointerPattern.parse("/**/updatedAt").matches("/items/12/x/updatedAt")).isTrue();
        assertThat(PointerPattern.parse("/a~1b").matches("/a~1b")).isTrue();
    }
}
