package com.acme.shop.web.errors;

import org.springframework.http.HttpStatus;

/** The request clashes with current state, e.g. a duplicate email or SKU: 409. */
public final class ConflictException extends ShopException {

    public ConflictException(String detail) {
        super(HttpStatus.CONFLICT, "Conflict", detail);
    }
}
