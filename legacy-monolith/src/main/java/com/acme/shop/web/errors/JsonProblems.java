package com.acme.shop.web.errors;

import java.util.stream.Collectors;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;

/** Explains an unreadable JSON body in terms of the field at fault, never Jackson's internals. */
final class JsonProblems {

    private JsonProblems() {}

    static FieldProblem describe(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String expected = mismatch.getTargetType() == null
                    ? "a different type" : TypeNames.describe(mismatch.getTargetType());
            return new FieldProblem(path(mismatch), "must be " + expected);
        }
        if (cause instanceof StreamReadException read) {
            var location = read.getLocation();
            String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
            return new FieldProblem("body", "is not valid JSON" + where);
        }
        if (cause instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
            return new FieldProblem(path(jackson), "has an invalid value");
        }
        return new FieldProblem("body", "is missing or not a readable JSON document");
    }

    private static String path(JacksonException e) {
        return e.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }
}
