package dev.strangler.compare;

import java.util.Objects;

/**
 * One place where the candidate differs from legacy.
 *
 * @param kind      what differs
 * @param path      where: a JSON Pointer for JSON bodies, {@code status}, {@code header:<name>},
 *                  {@code line:<n>} (legacy's line number, from 1) or {@code body}
 * @param legacy    legacy's value as text, cut to the rules' bound; null when legacy has none
 * @param candidate the candidate's value as text, cut likewise; null when the candidate has none
 */
public record Difference(Kind kind, String path, String legacy, String candidate) {

    /** What a difference is. */
    public enum Kind {
        /** Status codes differ. */
        STATUS,
        /** A compared header differs. */
        HEADER,
        /** A JSON value differs, same type. */
        CHANGED,
        /** A JSON value has another type (string vs number, object vs array…). */
        TYPE_CHANGED,
        /** Legacy has the field or element, the candidate not. */
        MISSING,
        /** The candidate has a field or element legacy has not. */
        EXTRA,
        /** Lines of a text or HTML body differ. */
        LINES,
        /** Bodies compared by SHA-256 differ. */
        DIGEST
    }

    public Difference {
        Objects.requireNonNull(kind, "kind == null");
        Objects.requireNonNull(path, "path == null");
    }

    /** Cuts a value to at most {@code max} characters, saying how much was left out. */
    static String truncate(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        return value.substring(0, max) + "…(+" + (value.length() - max) + " chars)";
    }

    @Override
    public String toString() {
        return kind + " " + path + ": " + legacy + " -> " + candidate;
    }
}
