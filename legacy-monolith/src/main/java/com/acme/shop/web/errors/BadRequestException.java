package com.acme.shop.web.errors;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** Invalid input that bean validation cannot express (e.g. a sort field): 400, naming the field. */
public final class BadRequestException extends ShopException {

    private final String field;

    public BadRequestException(String field, String message) {
        super(HttpStatus.BAD_REQUEST, "Bad Request", field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }

    @Override
    public Map<String, Object> properties() {
        String message = getMessage().substring(field.length() + 2);
        return Map.of("errors", List.of(new FieldProblem(field, message)));
    }
}
