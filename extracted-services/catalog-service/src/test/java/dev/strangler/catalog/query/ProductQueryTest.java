package dev.strangler.catalog.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProductQueryTest {

  @Test
  void defaultsAreTheMonolithsFirstPageOfTwentyByName() {
    ProductQuery query = ProductQuery.of(null, null, null, " ", null, null, null, "  ");

    assertThat(query).isEqualTo(new ProductQuery(0, 20, ProductSort.DEFAULT, null, null, null, null, null));
    assertThat(query.sort()).hasToString("name,asc");
  }

  @ParameterizedTest
  @CsvSource(delimiterString = " => ", value = {
      "price => price,asc", "price,DESC => price,desc", " updatedAt , asc  => updatedAt,asc", "sku,desc => sku,desc"})
  void sortsParseLikeTheMonolith(String raw, String parsed) {
    assertThat(ProductSort.parse(raw)).hasToString(parsed);
  }

  @ParameterizedTest
  @CsvSource(delimiterString = " => ", quoteCharacter = '~', value = {
      "colour => unknown sort field 'colour'; use one of name, price, updatedAt, sku, stock",
      "NAME => unknown sort field 'NAME'; use one of name, price, updatedAt, sku, stock",
      "price,up => direction must be asc or desc but was 'up'",
      "~price,~ => direction must be asc or desc but was ''",
      "~a,b,c~ => must look like 'field' or 'field,asc|desc' but was 'a,b,c'"})
  void badSortsAreRejectedWithTheMonolithsMessage(String raw, String message) {
    assertThatThrownBy(() -> ProductSort.parse(raw)).isInstanceOf(InvalidParameter.class).hasMessage(message);
  }

  @Test
  void boundsAreCheckedInTheMonolithsOrder() {
    assertThatThrownBy(() -> ProductQuery.of(10_001, 0, null, null, null, null, null, null))
        .hasMessage("must be between 0 and 10000 but was 10001");
    assertThatThrownBy(() -> ProductQuery.of(0, 101, null, null, null, null, null, null))
        .hasMessage("must be between 1 and 100 but was 101");
    assertThatThrownBy(() -> ProductQuery.of(0, 1, "colour", null, null, null, null, null))
        .satisfies(e -> assertThat(((InvalidParameter) e).field()).isEqualTo("sort"));
  }

  @Test
  void pricesMustBeNonNegativeAndInOrder() {
    assertThatThrownBy(() -> ProductQuery.of(null, null, null, null, new BigDecimal("-0.01"), null, null, null))
        .hasMessage("must not be negative");
    assertThatThrownBy(() -> ProductQuery.of(null, null, null, null, BigDecimal.TEN, BigDecimal.ONE, null, null))
        .satisfies(e -> assertThat(((InvalidParameter) e).field()).isEqualTo("minPrice"))
        .hasMessage("must not be greater than maxPrice");
    assertThat(ProductQuery.of(null, null, null, null, new BigDecimal("-0"), null, null, null).minPrice()).isZero();
  }

  @Test
  void textIsMeasuredBeforeItIsTrimmed() {
    assertThatThrownBy(() -> ProductQuery.of(null, null, null, null, null, null, null, " " + "x".repeat(100)))
        .hasMessage("must be at most 100 characters");
    assertThat(ProductQuery.of(null, null, null, null, null, null, null, " lamp ").text()).isEqualTo("lamp");
  }
}
