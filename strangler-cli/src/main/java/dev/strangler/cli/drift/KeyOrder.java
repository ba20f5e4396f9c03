package dev.strangler.cli.drift;

import java.util.Comparator;

/**
 * How aggregate ids are ordered, the same way in the database and here, so the two sides can be merged while
 * they stream: by number when both sides' ids are integers, else by text in code point order (PostgreSQL's
 * {@code COLLATE "C"} on UTF-8 is byte order, which is code point order).
 */
enum KeyOrder implements Comparator<String> {

    NUMERIC {
        @Override
        String orderBy(String column) {
            return column;
        }

        @Override
        public int compare(String a, String b) {
            return Long.compare(Long.parseLong(a), Long.parseLong(b));
        }
    },
    TEXT {
        @Override
        String orderBy(String column) {
            return column + "::text collate \"C\"";
        }

        @Override
        public int compare(String a, String b) {
            return byCodePoint(a, b);
        }
    };

    /** The SQL ordering expression for a column in this order. */
    abstract String orderBy(String column);

    static int byCodePoint(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
