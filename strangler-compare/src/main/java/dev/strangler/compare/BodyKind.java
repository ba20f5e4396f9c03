package dev.strangler.compare;

import java.util.Locale;

/** How a body is compared, told by its Content-Type. */
enum BodyKind {
    /** Structurally, by JSON Pointer. */
    JSON,
    /** Line by line. */
    HTML,
    /** Line by line. */
    TEXT,
    /** By SHA-256. */
    BINARY;

    static BodyKind of(String contentType) {
        if (contentType == null) {
            return BINARY;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (type.equals("application/json") || type.endsWith("+json")) {
            return JSON;
        }
        if (type.equals("text/html") || type.equals("application/xhtml+xml")) {
            return HTML;
        }
        if (type.startsWith("text/") || type.equals("application/xml") || type.endsWith("+xml")
                || type.equals("application/javascript")) {
            return TEXT;
        }
        return BINARY;
    }
}
