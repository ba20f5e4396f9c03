package com.acme.shop.web.errors;

import org.springframework.http.HttpStatus;

/** Well-formed, but it contradicts what the same key was used for before: 422. */
public final class UnprocessableException extends ShopException {

    public UnprocessableException(String detail) {
        super(HttpStatus.UNPROCESSABLE_CONTENT, "Unprocessable Content", detail);
    }
}
