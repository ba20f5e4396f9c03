package dev.strangler.catalog.search;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A document's lexemes with their positions, as PostgreSQL's {@code tsvector}; answers whether a
 * {@link TsQuery} matches it ({@code @@}). Its text form is PostgreSQL's ({@code 'duti':3 'heavi':2}).
 */
public final class TsVector {

  private final TreeMap<String, List<Integer>> positions;

  private TsVector(TreeMap<String, List<Integer>> positions) {
    this.positions = positions;
  }

  /** {@code to_tsvector('english', text)}. */
  public static TsVector of(String text) {
    TreeMap<String, List<Integer>> positions = new TreeMap<>();
    for (EnglishLexemes.Lexeme lexeme : EnglishLexemes.of(text)) {
      positions.computeIfAbsent(lexeme.text(), k -> new ArrayList<>()).add(lexeme.position());
    }
    return new TsVector(positions);
  }

  /** Reads the text form back. */
  public static TsVector parse(String text) {
    TreeMap<String, List<Integer>> positions = new TreeMap<>();
    if (!text.isEmpty()) {
      for (String entry : text.split(" (?=')")) {
        int colon = entry.lastIndexOf("':");
        List<Integer> list = new ArrayList<>();
        for (String p : entry.substring(colon + 2).split(",")) {
          list.add(Integer.parseInt(p));
        }
        positions.put(entry.substring(1, colon).replace("''", "'"), list);
      }
    }
    return new TsVector(positions);
  }

  public Set<String> lexemes() {
    return Collections.unmodifiableSet(positions.keySet());
  }

  public boolean matches(TsQuery query) {
    return switch (query) {
      case TsQuery.Term t -> positions.containsKey(t.lexeme());
      case TsQuery.Phrase p -> matchesPhrase(p);
      case TsQuery.And a -> a.operands().stream().allMatch(this::matches);
      case TsQuery.Or o -> o.operands().stream().anyMatch(this::matches);
      case TsQuery.Not n -> !matches(n.operand());
    };
  }

  private boolean matchesPhrase(TsQuery.Phrase phrase) {
    List<Integer> starts = positions.get(phrase.terms().get(0).lexeme());
    if (starts == null) {
      return false;
    }
    for (int start : starts) {
      boolean all = true;
      for (int i = 1; i < phrase.terms().size() && all; i++) {
        List<Integer> at = positions.get(phrase.terms().get(i).lexeme());
        all = at != null && at.contains(start + phrase.offsets().get(i));
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, List<Integer>> e : positions.entrySet()) {
      if (!out.isEmpty()) {
        out.append(' ');
      }
      out.append('\'').append(e.getKey().replace("'", "''")).append("':");
      List<Integer> ps = e.getValue();
      for (int i = 0; i < ps.size(); i++) {
        out.append(i == 0 ? "" : ",").append(ps.get(i));
      }
    }
    return out.toString();
  }
}
