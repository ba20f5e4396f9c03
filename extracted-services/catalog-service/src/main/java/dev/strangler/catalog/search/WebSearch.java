package dev.strangler.catalog.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * PostgreSQL's {@code websearch_to_tsquery('english', text)}: words are ANDed, {@code "a phrase"}
 * must appear in order, {@code or} between two operands is an alternative, {@code -word} negates.
 * NOT binds tighter than AND, AND tighter than OR. Operands that are only stop words drop out; a
 * query left empty matches nothing ({@link Optional#empty()}).
 */
public final class WebSearch {

  private final String text;
  private int at;

  private WebSearch(String text) {
    this.text = text;
  }

  public static Optional<TsQuery> parse(String text) {
    return Optional.ofNullable(new WebSearch(text).query());
  }

  /** OR of AND-groups; each operand possibly negated. Null when nothing is left. */
  private TsQuery query() {
    List<TsQuery> alternatives = new ArrayList<>();
    List<TsQuery> group = new ArrayList<>();
    boolean first = true;
    while (true) {
      if (!first) {
        skipSpaces();
        if (at >= text.length()) {
          break;
        }
        if (orOperator()) {
          addGroup(alternatives, group);
          group = new ArrayList<>();
        }
      }
      first = false;
      int negations = 0;
      Operand operand = null;
      while (at < text.length() && operand == null) {
        char c = text.charAt(at);
        if (c == '-') {
          negations++;
          at++;
        } else if (c == '"') {
          operand = quoted();
        } else if (isOperatorChar(c) || Character.isWhitespace(c)) {
          at++;
        } else {
          operand = word();
        }
      }
      if (operand == null) {
        break;
      }
      TsQuery value = operand.query();
      if (value != null) {
        for (int i = 0; i < negations; i++) {
          value = new TsQuery.Not(value); // kept nested, as PostgreSQL prints it: !!'lamp'
        }
        group.add(value);
      }
    }
    addGroup(alternatives, group);
    return alternatives.isEmpty() ? null : alternatives.size() == 1 ? alternatives.get(0) : new TsQuery.Or(alternatives);
  }

  private static void addGroup(List<TsQuery> alternatives, List<TsQuery> group) {
    if (group.size() == 1) {
      alternatives.add(group.get(0));
    } else if (group.size() > 1) {
      alternatives.add(new TsQuery.And(group));
    }
  }

  /** {@code or} (any case) followed by a non-word character and, later, some operand. */
  private boolean orOperator() {
    if (!text.regionMatches(true, at, "or", 0, 2) || at + 2 >= text.length()) {
      return false;
    }
    char next = text.charAt(at + 2);
    if (next == '-' || next == '_' || Character.isLetterOrDigit(next)) {
      return false;
    }
    for (int i = at + 3; i < text.length(); i++) {
      if (!Character.isWhitespace(text.charAt(i))) {
        at += 2;
        return true;
      }
    }
    return false;
  }

  private Operand quoted() {
    int start = ++at;
    while (at < text.length() && text.charAt(at) != '"') {
      at++;
    }
    Operand operand = new Operand(text.substring(start, at));
    if (at < text.length()) {
      at++;
    }
    return operand;
  }

  /** A word ends at white space, a quote or an operator character; a backslash escapes the next one. */
  private Operand word() {
    StringBuilder value = new StringBuilder();
    while (at < text.length()) {
      char c = text.charAt(at);
      if (Character.isWhitespace(c) || c == '"' || isOperatorChar(c)) {
        break;
      }
      if (c == '\\' && at + 1 < text.length()) {
        at++;
        c = text.charAt(at);
      }
      value.append(c);
      at++;
    }
    return new Operand(value.toString());
  }

  private void skipSpaces() {
    while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
      at++;
    }
  }

  private static boolean isOperatorChar(char c) {
    return c == '!' || c == '&' || c == '|' || c == '(' || c == ')' || c == '<';
  }

  /** One operand's text: its lexemes become a term, or a phrase at their relative positions. */
  private record Operand(String value) {
    TsQuery query() {
      List<EnglishLexemes.Lexeme> lexemes = EnglishLexemes.of(value);
      if (lexemes.isEmpty()) {
        return null;
      }
      if (lexemes.size() == 1) {
        return new TsQuery.Term(lexemes.get(0).text());
      }
      int base = lexemes.get(0).position();
      List<TsQuery.Term> terms = new ArrayList<>();
      List<Integer> offsets = new ArrayList<>();
      for (EnglishLexemes.Lexeme l : lexemes) {
        terms.add(new TsQuery.Term(l.text()));
        offsets.add(l.position() - base);
      }
      return new TsQuery.Phrase(terms, offsets);
    }
  }
}
