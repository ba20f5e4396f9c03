package dev.strangler.compare;

/** Tells whether a difference is one the rules declare expected. */
final class Expected {

    private Expected() {}

    static boolean isExpected(CompareRules.Expectations expect, Difference difference) {
        return switch (difference.kind()) {
            case STATUS -> {
                Integer mapped = expect.status().get(Integer.parseInt(difference.legacy()));
                yield mapped != null && mapped.toString().equals(difference.candidate());
            }
            case HEADER -> expect.headers().contains(difference.path().substring("header:".length()));
            case EXTRA -> underAny(expect.extra(), difference.path());
            case MISSING -> underAny(expect.missing(), difference.path());
            case CHANGED, TYPE_CHANGED -> underAny(expect.changed(), difference.path());
            case LINES, DIGEST -> false;
        };
    }

    /** The pointer or one of its ancestors matches: an expected extra object brings its fields with it. */
    private static boolean underAny(java.util.List<PointerPattern> patterns, String pointer) {
        String path = pointer;
        while (!path.isEmpty()) {
            if (PointerPattern.anyMatches(patterns, path)) {
                return true;
            }
            path = path.substring(0, path.lastIndexOf('/'));
        }
        return false;
    }
}
