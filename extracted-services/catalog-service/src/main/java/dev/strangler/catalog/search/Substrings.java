package dev.strangler.catalog.search;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The monolith's {@code name ILIKE '%q%' OR sku ILIKE '%q%'} without scanning: every product is
 * indexed under each 1-, 2- and 3-character piece of its lower-cased name and SKU. A query of up to
 * {@value #GRAM} characters is one index lookup and exact; a longer one intersects its 3-character
 * pieces and the few candidates left are checked with {@link #contains}.
 */
public final class Substrings {

  public static final int GRAM = 3;

  private Substrings() {}

  /** Every piece of 1 to {@value #GRAM} characters (code points) of each text, lower-cased. */
  public static Set<String> grams(String... texts) {
    Set<String> grams = new LinkedHashSet<>();
    for (String text : texts) {
      int[] cps = fold(text).codePoints().toArray();
      for (int length = 1; length <= GRAM; length++) {
        for (int i = 0; i + length <= cps.length; i++) {
          grams.add(new String(cps, i, length));
        }
      }
    }
    return grams;
  }

  /** The pieces to look up for a query: itself when short, else its 3-character pieces. */
  public static Set<String> queryGrams(String query) {
    int[] cps = fold(query).codePoints().toArray();
    Set<String> grams = new LinkedHashSet<>();
    if (cps.length <= GRAM) {
      grams.add(new String(cps, 0, cps.length));
      return grams;
    }
    for (int i = 0; i + GRAM <= cps.length; i++) {
      grams.add(new String(cps, i, GRAM));
    }
    return grams;
  }

  /** Whether the index answer for {@code query} is exact, so candidates need no check. */
  public static boolean exact(String query) {
    return fold(query).codePointCount(0, fold(query).length()) <= GRAM;
  }

  /** Case-insensitive containment, as ILIKE with a literal pattern. */
  public static boolean contains(String text, String query) {
    return fold(text).contains(fold(query));
  }

  private static String fold(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
