package dev.strangler.cli.drift;

import java.util.List;

/** A drift spec with problems: every one, each with its place. */
public final class InvalidDriftSpecException extends RuntimeException {

    private final List<String> problems;

    public InvalidDriftSpecException(List<String> problems) {
        super("invalid drift spec:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
