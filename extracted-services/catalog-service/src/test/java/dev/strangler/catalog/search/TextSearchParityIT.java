package dev.strangler.catalog.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.testsupport.PostgresDatabase;
import dev.strangler.testsupport.PostgresExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** Our analyzer and the real PostgreSQL answer the same questions the same way: tsvectors, and which texts a query matches. */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TextSearchParityIT {

  static final List<String> QUERIES = List.of("kettle", "Kettles", "kettling", "wireless headphones", "headphone",
      "\"made of oak\"", "\"oak made\"", "\"stainless steel\"", "steel -stainless", "lamp or kettle", "lamp or -kettle",
      "-lamp", "heavy-duty", "heavy duty", "\"heavy duty\"", "heavy", "duty", "t-shirt", "shirt", "T-Shirts", "tshirt",
      "x-ray", "gun", "wi-fi6", "a1-b2", "b2", "élan", "vital", "café", "naive", "naïve", "3.5", "acme.com", "reilly",
      "ACME-00001", "acme", "the", "the or a", "or", "lamp or", "\"\"", "\"", "-", "--lamp", "lamp -", "love",
      "loved customers", "\"loved by thousands\"", "thousand", "two-year", "year", "warranty -two", "orange or",
      "sunset orange", "orange", "ocean or forest green", "\"forest green\" or \"ocean blue\"", "grey -slate",
      "recycled plastic -ships", "recyclable", "recycle", "easily", "easy", "run", "running", "fairly", "generous",
      "(lamp)", "lamp & kettle", "lamp | kettle", "!lamp", "<lamp>", "lamp's", "O'Reilly", "c++", "5-6", "-6", "1-x",
      "a--b", "lamp-", "-abc", "compact camera bag", "camera -bag", "\"camera bag\" -compact", "pro", "ultra or premium",
      "eco", "vintage turntable", "smart -watch", "b123", "xyzzy", "kettle or xyzzy", "\"teddy bear\"", "bear teddy",
      "first aid", "\"first aid kit\"", "aid", "dumbbells", "sneaker", "sandal", "boot", "slippers", "mower", "lawn",
      "watering", "water", "bottle", "sleeping", "sleep", "feeder", "feed", "chew", "toys", "toy");

  private final List<String> texts = SeedLikeCorpus.texts(400);

  @BeforeAll
  void loadCorpus(PostgresDatabase db) throws SQLException {
    try (Connection c = db.connect(); Statement st = c.createStatement()) {
      st.execute("create table docs (id int primary key, body text not null)");
      try (PreparedStatement insert = c.prepareStatement("insert into docs values (?, ?)")) {
        for (int i = 0; i < texts.size(); i++) {
          insert.setInt(1, i);
          insert.setString(2, texts.get(i));
          insert.addBatch();
        }
        insert.executeBatch();
      }
    }
  }

  @Test
  void everyTextGetsTheTsvectorPostgresGivesIt(PostgresDatabase db) throws SQLException {
    List<String> mismatches = new ArrayList<>();
    try (Connection c = db.connect(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("select id, to_tsvector('english', body)::text from docs order by id")) {
      while (rs.next()) {
        String ours = TsVector.of(texts.get(rs.getInt(1))).toString();
        if (!ours.equals(rs.getString(2))) {
          mismatches.add(texts.get(rs.getInt(1)) + "\n  postgres: " + rs.getString(2) + "\n  ours:     " + ours);
        }
      }
    }
    assertThat(mismatches).isEmpty();
  }

  @Test
  void everyQueryMatchesTheTextsPostgresMatches(PostgresDatabase db) throws SQLException {
    List<String> mismatches = new ArrayList<>();
    try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(
        "select id from docs where to_tsvector('english', body) @@ websearch_to_tsquery('english', ?) order by id")) {
      for (String q : QUERIES) {
        ps.setString(1, q);
        Set<Integer> expected = new TreeSet<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            expected.add(rs.getInt(1));
          }
        }
        Set<Integer> ours = new TreeSet<>();
        WebSearch.parse(q).ifPresent(query -> {
          for (int i = 0; i < texts.size(); i++) {
            if (TsVector.of(texts.get(i)).matches(query)) {
              ours.add(i);
            }
          }
        });
        if (!ours.equals(expected)) {
          mismatches.add(q + " -> postgres " + expected.size() + " " + tsquery(c, q) + ", ours " + ours.size() + " " + WebSearch.parse(q));
        }
      }
    }
    assertThat(mismatches).isEmpty();
  }

  @Test
  void simpleQueriesPrintLikePostgres(PostgresDatabase db) throws SQLException {
    List<String> mismatches = new ArrayList<>();
    try (Connection c = db.connect()) {
      for (String q : QUERIES) {
        String ours = WebSearch.parse(q).map(Object::toString).orElse("");
        String theirs = tsquery(c, q);
        if (!ours.equals(theirs)) {
          mismatches.add(q + " -> postgres [" + theirs + "] ours [" + ours + "]");
        }
      }
    }
    assertThat(mismatches).isEmpty();
  }

  private static String tsquery(Connection c, String q) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("select websearch_to_tsquery('english', ?)::text")) {
      ps.setString(1, q);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }
}
