package dev.strangler.catalog.search;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into tokens the way PostgreSQL's default text search parser does, for the token kinds
 * a catalog meets: words, words with digits, hyphenated words and their parts, numbers, dotted names.
 */
final class TextParser {

  /** How a token is looked up: stemmed like a word, or kept as it is (lower-cased) like a number. */
  enum Kind { WORD, SIMPLE }

  /** One token; hyphenated words give the whole word first, then each part. */
  record Token(String text, Kind kind) {}

  private TextParser() {}

  static List<Token> parse(String text) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == '-' && i + 1 < n && isDigit(text.charAt(i + 1))) {
        // PostgreSQL reads "-5", even in "ACME-00001", as a signed integer.
        int end = digitsEnd(text, i + 1);
        tokens.add(new Token(text.substring(i, end), Kind.SIMPLE));
        i = end;
      } else if (isAlnum(c)) {
        i = word(text, i, tokens);
      } else {
        i++;
      }
    }
    return tokens;
  }

  /** A run of letters and digits, maybe dotted ("3.5", "acme.com") or hyphenated ("T-Shirt"). */
  private static int word(String text, int start, List<Token> tokens) {
    int end = alnumEnd(text, start);
    if (end + 1 < text.length() && text.charAt(end) == '.' && isAlnum(text.charAt(end + 1))) {
      int dotted = end;
      while (dotted + 1 < text.length() && text.charAt(dotted) == '.' && isAlnum(text.charAt(dotted + 1))) {
        dotted = alnumEnd(text, dotted + 1);
      }
      tokens.add(new Token(text.substring(start, dotted), Kind.SIMPLE));
      return dotted;
    }
    List<String> parts = new ArrayList<>();
    parts.add(text.substring(start, end));
    // A hyphenated word starts with a letter-bearing part; a part may not start with a digit ("-1" is a number).
    while (hasLetter(parts.get(0)) && end + 1 < text.length() && text.charAt(end) == '-'
        && Character.isLetter(text.charAt(end + 1))) {
      int next = alnumEnd(text, end + 1);
      parts.add(text.substring(end + 1, next));
      end = next;
    }
    if (parts.size() == 1) {
      tokens.add(single(parts.get(0)));
    } else {
      String whole = text.substring(start, end);
      tokens.add(new Token(whole, hasDigit(whole) ? Kind.SIMPLE : Kind.WORD));
      for (String part : parts) {
        tokens.add(single(part));
      }
    }
    return end;
  }

  private static Token single(String part) {
    return new Token(part, hasDigit(part) ? Kind.SIMPLE : Kind.WORD);
  }

  private static int alnumEnd(String text, int i) {
    while (i < text.length() && isAlnum(text.charAt(i))) {
      i++;
    }
    return i;
  }

  private static int digitsEnd(String text, int i) {
    while (i < text.length() && isDigit(text.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isAlnum(char c) {
    return Character.isLetter(c) || isDigit(c);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean hasLetter(String s) {
    return s.chars().anyMatch(Character::isLetter);
  }

  private static boolean hasDigit(String s) {
    return s.chars().anyMatch(c -> c >= '0' && c <= '9');
  }
}
