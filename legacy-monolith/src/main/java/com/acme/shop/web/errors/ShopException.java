package com.acme.shop.web.errors;

import java.util.Map;
import org.springframework.http.HttpStatus;

/** A user-facing failure that maps to one RFC 9457 problem; subclasses name the status. */
public abstract class ShopException extends RuntimeException {

    private final HttpStatus status;
    private final String title;

    protected ShopException(HttpStatus status, String title, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** Extra members of the problem body; none by default. */
    public Map<String, Object> properties() {
        return Map.of();
    }

    // These exceptions are control flow for expected user mistakes: a stack trace adds nothing.
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
