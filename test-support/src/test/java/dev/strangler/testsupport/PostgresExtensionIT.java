package dev.strangler.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class PostgresExtensionIT {

  private static final List<String> NAMES = new ArrayList<>();

  @BeforeAll
  static void schema(PostgresDatabase db) throws Exception {
    NAMES.add(db.name());
    try (Connection c = db.connect(); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE item (id int primary key)");
    }
  }

  @Test
  void theClassGetsItsOwnEmptyDatabase(PostgresDatabase db) throws Exception {
    assertThat(db.name()).startsWith("t_postgresextensionit_");
    try (Connection c = db.connect(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT count(*) FROM item")) {
      rs.next();
      assertThat(rs.getInt(1)).isZero();
    }
  }

  @Test
  void everyMethodOfTheClassSharesIt(PostgresDatabase db) {
    assertThat(NAMES).containsOnly(db.name());
  }
}
