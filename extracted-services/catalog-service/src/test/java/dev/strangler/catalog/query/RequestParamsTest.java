package dev.strangler.catalog.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected values are what the monolith's Spring MVC bound for the same raw parameters. */
class RequestParamsTest {

  @Test
  void blankIsAbsent() {
    assertThat(RequestParams.integer("page", List.of(" "))).isNull();
    assertThat(RequestParams.decimal("minPrice", List.of("\t"))).isNull();
    assertThat(RequestParams.bool("inStock", List.of(""))).isNull();
    assertThat(RequestParams.integer("page", List.of())).isNull();
  }

  @Test
  void integersLoseWhiteSpaceAndAcceptSignsHexAndUnicodeDigits() {
    assertThat(RequestParams.integer("page", List.of(" 1 2 "))).isEqualTo(12);
    assertThat(RequestParams.integer("page", List.of("+1"))).isEqualTo(1);
    assertThat(RequestParams.integer("page", List.of("0x1f"))).isEqualTo(31);
    assertThat(RequestParams.integer("page", List.of("#10"))).isEqualTo(16);
    assertThat(RequestParams.integer("page", List.of("\uFF11"))).isEqualTo(1);
  }

  @Test
  void aBadIntegerNamesTheFieldAndQuotesTheRawValue() {
    assertThatThrownBy(() -> RequestParams.integer("page", List.of("99999999999")))
        .isInstanceOf(InvalidParameter.class).hasMessage("must be an integer but was '99999999999'");
    assertThatThrownBy(() -> RequestParams.integer("size", List.of("1.5"))).hasMessage("must be an integer but was '1.5'");
  }

  @Test
  void decimalsTakeExponentsButNotHexOrNaN() {
    assertThat(RequestParams.decimal("minPrice", List.of("1e2"))).isEqualByComparingTo("100");
    assertThat(RequestParams.decimal("minPrice", List.of(".5"))).isEqualTo(new BigDecimal("0.5"));
    assertThatThrownBy(() -> RequestParams.decimal("minPrice", List.of("0x10"))).hasMessage("must be a number but was '0x10'");
    assertThatThrownBy(() -> RequestParams.decimal("maxPrice", List.of("NaN"))).hasMessage("must be a number but was 'NaN'");
  }

  @Test
  void booleansTakeSpringsWordsInAnyCase() {
    assertThat(RequestParams.bool("inStock", List.of(" TRUE "))).isTrue();
    assertThat(RequestParams.bool("inStock", List.of("yes"))).isTrue();
    assertThat(RequestParams.bool("inStock", List.of("off"))).isFalse();
    assertThatThrownBy(() -> RequestParams.bool("inStock", List.of("maybe"))).hasMessage("must be true or false but was 'maybe'");
  }

  @Test
  void aRepeatedParameterCountsOnceUnlessItIsText() {
    assertThat(RequestParams.integer("page", List.of("2", "3"))).isEqualTo(2);
    assertThat(RequestParams.text(List.of("price", "desc"))).isEqualTo("price,desc");
  }
}
