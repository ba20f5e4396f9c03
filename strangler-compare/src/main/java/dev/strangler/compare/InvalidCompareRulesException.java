package dev.strangler.compare;

import java.util.List;

/** Compare rules that cannot be used, with every problem found, each with its place in the document. */
public final class InvalidCompareRulesException extends RuntimeException {

    private final List<String> problems;

    InvalidCompareRulesException(List<String> problems) {
        super("invalid compare rules:\n  " + String.join("\n  ", problems), null, false, false);
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
