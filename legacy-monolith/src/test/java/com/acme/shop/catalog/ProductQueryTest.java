package com.acme.shop.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ProductQueryTest {

    @Test
    void appliesDefaultsToMissingParameters() {
        ProductQuery query = ProductQuery.of(null, null, null, " ", null, null, null, "");

        assertThat(query.page()).isZero();
        assertThat(query.size()).isEqualTo(ProductQuery.DEFAULT_SIZE);
        assertThat(query.sort()).isEqualTo(ProductSort.DEFAULT);
        assertThat(query.category()).isNull();
        assertThat(query.text()).isNull();
    }

    @Test
    void computesTheOffsetWithoutOverflow() {
        assertThat(ProductQuery.of(ProductQuery.MAX_PAGE, 100, null, null, null, null, null, null).offset())
                .isEqualTo(1_000_000L);
    }

    @Test
    void boundsPageAndSize() {
        assertThatThrownBy(() -> ProductQuery.of(-1, null, null, null, null, null, null, null)).hasMessageStartingWith("page:");
        assertThatThrownBy(() -> ProductQuery.of(null, 0, null, null, null, null, null, null)).hasMessageStartingWith("size:");
        assertThatThrownBy(() -> ProductQuery.of(null, 101, null, null, null, null, null, null)).hasMessageStartingWith("size:");
    }

    @Test
    void rejectsAnUpsideDownPriceRange() {
        assertThatThrownBy(() -> ProductQuery.of(null, null, null, null, BigDecimal.TEN, BigDecimal.ONE, null, null))
                .hasMessage("minPrice: must not be greater than maxPrice");
    }

    @Test
    void rejectsOverlongSearchText() {
        assertThatThrownBy(() -> ProductQuery.of(null, null, null, null, null, null, null, "x".repeat(101)))
                .hasMessageStartingWith("q:");
    }

    @Test
    void escapesLikeWildcards() {
        assertThat(ProductRepository.escapeLike("50%_off\\")).isEqualTo("50\\%\\_off\\\\");
    }
}
