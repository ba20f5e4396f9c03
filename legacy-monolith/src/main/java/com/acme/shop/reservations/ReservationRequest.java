package com.acme.shop.reservations;

import com.acme.shop.cart.CartService;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;

/**
 * Body of {@code POST /internal/stock/reservations}: {@code {"reservationId":"order:1000000001","lines":{"ACME-00001":2}}}.
 * The id is the caller's idempotency key: the same id again is a retry.
 */
public record ReservationRequest(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9._:-]{1,100}", message = "must be 1 to 100 letters, digits, '.', '_', ':' or '-'")
        String reservationId,
        @NotEmpty @Size(max = 100) Map<@NotBlank String, @NotNull @Min(1) @Max(CartService.MAX_QUANTITY) Integer> lines) {}
