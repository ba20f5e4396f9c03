package com.acme.shop.cart;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/** Body of {@code POST /api/cart/items}: adds {@code quantity} to whatever is already in the cart. */
public record AddToCartRequest(
        @NotBlank String sku,
        @NotNull @Min(1) @Max(CartService.MAX_QUANTITY) Integer quantity) {}
