package com.acme.shop.web.errors;

import java.math.BigDecimal;

/** Human words for the Java types a request parameter or JSON field was expected to have. */
final class TypeNames {

    private TypeNames() {}

    static String describe(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == BigDecimal.class || type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        return "a valid " + type.getSimpleName();
    }
}
