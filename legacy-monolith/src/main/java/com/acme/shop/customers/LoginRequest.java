package com.acme.shop.customers;

import jakarta.validation.constraints.NotBlank;

/** Body of {@code POST /api/login}. */
public record LoginRequest(@NotBlank String email, @NotBlank String password) {}
