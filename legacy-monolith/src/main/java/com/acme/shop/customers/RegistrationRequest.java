package com.acme.shop.customers;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/customers}. */
public record RegistrationRequest(
        @NotBlank @Email @Size(max = 254) String email,
        // BCrypt only looks at the first 72 bytes, so longer passwords would be silently truncated.
        @NotBlank @Size(min = 8, max = 72) String password,
        @NotBlank @Size(max = 200) String name) {}
