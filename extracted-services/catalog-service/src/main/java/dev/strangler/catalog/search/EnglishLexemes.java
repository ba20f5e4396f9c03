package dev.strangler.catalog.search;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.tartarus.snowball.ext.EnglishStemmer;

/**
 * PostgreSQL's {@code english} text search configuration: words through {@code english_stem} (the
 * Snowball English stop words, then the Snowball English stemmer), numbers and dotted names through
 * {@code simple} (lower-cased, kept). Every token takes a position, stop words too.
 */
public final class EnglishLexemes {

  /** A lexeme and its 1-based position in the text. */
  public record Lexeme(String text, int position) {}

  /** PostgreSQL's {@code tsearch_data/english.stop}: the original Snowball list, not Lucene's newer one. */
  private static final Set<String> STOP_WORDS = loadStopWords();

  private EnglishLexemes() {}

  /** {@code to_tsvector('english', text)} as a list in text order. */
  public static List<Lexeme> of(String text) {
    List<Lexeme> lexemes = new ArrayList<>();
    int position = 0;
    EnglishStemmer stemmer = new EnglishStemmer();
    for (TextParser.Token token : TextParser.parse(text)) {
      position++;
      String lower = token.text().toLowerCase(Locale.ROOT);
      if (token.kind() == TextParser.Kind.SIMPLE) {
        lexemes.add(new Lexeme(lower, position));
      } else if (!STOP_WORDS.contains(lower)) {
        lexemes.add(new Lexeme(stem(stemmer, lower), position));
      }
    }
    return lexemes;
  }

  static boolean isStopWord(String lowerCaseWord) {
    return STOP_WORDS.contains(lowerCaseWord);
  }

  private static String stem(EnglishStemmer stemmer, String word) {
    stemmer.setCurrent(word);
    stemmer.stem();
    return stemmer.getCurrent();
  }

  private static Set<String> loadStopWords() {
    try (InputStream in = EnglishLexemes.class.getResourceAsStream("english.stop")) {
      if (in == null) {
        throw new IllegalStateException("english.stop missing from the classpath");
      }
      return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
          .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
