package com.acme.shop.web.errors;

import org.springframework.http.HttpStatus;

/** No logged-in customer, or wrong credentials: 401. */
public final class UnauthorizedException extends ShopException {

    public UnauthorizedException(String detail) {
        super(HttpStatus.UNAUTHORIZED, "Unauthorized", detail);
    }
}
