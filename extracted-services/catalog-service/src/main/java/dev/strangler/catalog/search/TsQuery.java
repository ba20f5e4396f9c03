package dev.strangler.catalog.search;

import java.util.List;
import java.util.stream.Collectors;

/** A parsed text search query, as PostgreSQL's {@code tsquery}; {@link #toString()} prints it the same way. */
public sealed interface TsQuery {

  /** One lexeme. */
  record Term(String lexeme) implements TsQuery {
    @Override
    public String toString() {
      return "'" + lexeme + "'";
    }
  }

  /** Lexemes at fixed distances from the first ({@code 'heavi' <-> 'duti'}, {@code 'made' <2> 'oak'}). */
  record Phrase(List<Term> terms, List<Integer> offsets) implements TsQuery {
    public Phrase {
      terms = List.copyOf(terms);
      offsets = List.copyOf(offsets);
      if (terms.size() < 2 || terms.size() != offsets.size() || offsets.get(0) != 0) {
        throw new IllegalArgumentException("a phrase has two or more terms, the first at offset 0");
      }
    }

    @Override
    public String toString() {
      StringBuilder out = new StringBuilder(terms.get(0).toString());
      for (int i = 1; i < terms.size(); i++) {
        int distance = offsets.get(i) - offsets.get(i - 1);
        out.append(distance == 1 ? " <-> " : " <" + distance + "> ").append(terms.get(i));
      }
      return out.toString();
    }
  }

  /** Every operand matches. */
  record And(List<TsQuery> operands) implements TsQuery {
    public And {
      operands = List.copyOf(operands);
    }

    @Override
    public String toString() {
      return operands.stream().map(o -> o instanceof Or ? "( " + o + " )" : o.toString()).collect(Collectors.joining(" & "));
    }
  }

  /** Any operand matches. */
  record Or(List<TsQuery> operands) implements TsQuery {
    public Or {
      operands = List.copyOf(operands);
    }

    @Override
    public String toString() {
      return operands.stream().map(TsQuery::toString).collect(Collectors.joining(" | "));
    }
  }

  /** The operand does not match. */
  record Not(TsQuery operand) implements TsQuery {
    @Override
    public String toString() {
      boolean simple = operand instanceof Term || operand instanceof Not;
      return "!" + (simple ? operand.toString() : "( " + operand + " )");
    }
  }
}
