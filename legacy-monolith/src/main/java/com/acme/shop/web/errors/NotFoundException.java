package com.acme.shop.web.errors;

import org.springframework.http.HttpStatus;

/** The addressed resource does not exist (or is not the caller's to see): 404. */
public final class NotFoundException extends ShopException {

    public NotFoundException(String detail) {
        super(HttpStatus.NOT_FOUND, "Not Found", detail);
    }
}
