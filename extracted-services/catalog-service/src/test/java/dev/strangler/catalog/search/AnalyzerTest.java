package dev.strangler.catalog.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected values are what PostgreSQL 15 answered for the same input (to_tsvector / websearch_to_tsquery). */
class AnalyzerTest {

  @Test
  void hyphenatedWordsAreIndexedWholeAndByPart() {
    assertThat(TsVector.of("Heavy-Duty Drill A123 T-Shirt").toString())
        .isEqualTo("'a123':5 'drill':4 'duti':3 'heavi':2 'heavy-duti':1 'shirt':8 't-shirt':6");
  }

  @Test
  void stopWordsAreDroppedButKeepTheirPosition() {
    assertThat(TsVector.of("made of stainless steel. Loved by thousands of customers.").toString())
        .isEqualTo("'custom':9 'love':5 'made':1 'stainless':3 'steel':4 'thousand':7");
  }

  @Test
  void numbersAndDottedNamesAreKeptAsTheyAre() {
    assertThat(TsVector.of("ACME-00001 3.5 acme.com 2x").toString()).isEqualTo("'-00001':2 '2x':5 '3.5':3 'acm':1 'acme.com':4");
  }

  @ParameterizedTest
  @CsvSource(delimiterString = " => ", quoteCharacter = '~', value = {
      "wireless headphones => 'wireless' & 'headphon'",
      "\"heavy duty\" -kettle or lamp => 'heavi' <-> 'duti' & !'kettl' | 'lamp'",
      "t-shirt => 't-shirt' <2> 'shirt'",
      "\"made of oak\" => 'made' <2> 'oak'",
      "a or b => 'b'",
      "lamp - => 'lamp'",
      "lamp orange => 'lamp' & 'orang'",
      "lamp or => 'lamp'",
      "--lamp => !!'lamp'",
      "ACME-00001 => 'acm' <-> '-00001'"})
  void websearchSyntaxBecomesTheSameQueryAsPostgres(String input, String expected) {
    assertThat(WebSearch.parse(input)).get().hasToString(expected);
  }

  @Test
  void aQueryOfStopWordsOnlyIsEmpty() {
    assertThat(WebSearch.parse("the or a -of")).isEmpty();
    assertThat(WebSearch.parse("  ")).isEmpty();
  }

  @Test
  void phrasesMatchOnlyInOrderAtTheirDistance() {
    TsVector doc = TsVector.of("A heavy-duty drill made of oak");

    assertThat(doc.matches(WebSearch.parse("\"made of oak\"").orElseThrow())).isTrue();
    assertThat(doc.matches(WebSearch.parse("\"oak made\"").orElseThrow())).isFalse();
    assertThat(doc.matches(WebSearch.parse("heavy-duty -kettle").orElseThrow())).isTrue();
    assertThat(doc.matches(WebSearch.parse("-drill").orElseThrow())).isFalse();
  }

  @Test
  void theTextFormReadsBack() {
    TsVector doc = TsVector.of("Heavy-Duty O'Reilly Drill, two drills");

    assertThat(TsVector.parse(doc.toString()).toString()).isEqualTo(doc.toString());
  }

  @Test
  void substringPiecesAreExactUpToThreeCharacters() {
    assertThat(Substrings.queryGrams("Ke")).containsExactly("ke");
    assertThat(Substrings.queryGrams("Kettle")).containsExactly("ket", "ett", "ttl", "tle");
    assertThat(Substrings.grams("AB")).containsExactly("a", "b", "ab");
    assertThat(Substrings.exact("abc")).isTrue();
    assertThat(Substrings.contains("Classic Kettle", "C KET")).isTrue();
  }
}
