package com.acme.shop.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.acme.shop.web.errors.BadRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProductSortTest {

    @Test
    void blankMeansNameAscending() {
        assertThat(ProductSort.parse(null)).isEqualTo(ProductSort.DEFAULT);
        assertThat(ProductSort.parse(" ")).isEqualTo(new ProductSort("name", false));
    }

    @Test
    void aFieldAloneSortsAscending() {
        assertThat(ProductSort.parse("price")).isEqualTo(new ProductSort("price", false));
    }

    @Test
    void theDirectionIsCaseInsensitive() {
        assertThat(ProductSort.parse("updatedAt,DESC")).isEqualTo(new ProductSort("updatedAt", true));
    }

    @Test
    void fieldsMapToColumnsWithTheSkuAsTieBreaker() {
        assertThat(ProductSort.parse("updatedAt,desc").orderBy()).isEqualTo("updated_at desc, sku asc");
        assertThat(ProductSort.parse("sku,desc").orderBy()).isEqualTo("sku desc");
    }

    @Test
    void printsBackInTheParameterForm() {
        assertThat(ProductSort.parse("price,desc")).hasToString("price,desc");
    }

    @ParameterizedTest
    @ValueSource(strings = {"colour", "price;drop table products", "updated_at", "PRICE"})
    void rejectsFieldsOutsideTheWhitelistNamingTheParameter(String raw) {
        assertThatThrownBy(() -> ProductSort.parse(raw))
                .isInstanceOf(BadRequestException.class)
                .hasMessageStartingWith("sort: unknown sort field");
    }

    @Test
    void rejectsAnUnknownDirection() {
        assertThatThrownBy(() -> ProductSort.parse("price,up")).hasMessage("sort: direction must be asc or desc but was 'up'");
    }

    @Test
    void rejectsTooManyParts() {
        assertThatThrownBy(() -> ProductSort.parse("price,asc,name")).hasMessageStartingWith("sort: must look like");
    }
}
