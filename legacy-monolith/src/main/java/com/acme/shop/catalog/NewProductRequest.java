package com.acme.shop.catalog;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;

/** Body of {@code POST /api/products}. */
public record NewProductRequest(
        @NotBlank @Pattern(regexp = "[A-Z0-9][A-Z0-9-]{2,31}",
                message = "must be 3-32 upper-case letters, digits or dashes") String sku,
        @NotBlank @Size(max = 200) String name,
        @Size(max = 4000) String description,
        @NotNull @DecimalMin("0.00") @Digits(integer = 10, fraction = 2) BigDecimal price,
        @NotBlank String category,
        @NotNull @Min(0) @Max(1_000_000) Integer stock) {

    Product toProduct() {
        return new Product(sku, name.trim(), description == null ? "" : description, price, category, stock, null);
    }
}
