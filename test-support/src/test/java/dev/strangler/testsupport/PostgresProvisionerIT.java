package dev.strangler.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Each rung of the PostgreSQL ladder that can run on this machine, run for real. */
class PostgresProvisionerIT {

  @Test
  void withoutDatabaseUrlOrDockerTheHarnessStartsAnEmbeddedPostgres() throws Exception {
    try (EmbeddedPostgres postgres = PostgresProvisioner.startEmbedded()) {
      PostgresEndpoint endpoint = PostgresProvisioner.embeddedEndpoint(postgres);
      try (PostgresDatabase db = PostgresDatabase.create(endpoint, "t_embedded_check")) {
        assertThat(selectOne(db)).isEqualTo(1);
      }
    }
  }

  @Test
  void databaseUrlPointsTheHarnessAtThatServer() throws Exception {
    String url = System.getenv(PostgresProvisioner.ENV_DATABASE_URL);
    assumeTrue(url != null && !url.isBlank(), "DATABASE_URL is not set");

    PostgresEndpoint endpoint = RealPostgres.server();

    assertThat(endpoint.source()).isEqualTo("DATABASE_URL");
    try (PostgresDatabase db = RealPostgres.newDatabase("url_check")) {
      assertThat(selectOne(db)).isEqualTo(1);
    }
  }

  @Test
  void withDockerTheHarnessRunsAPostgresContainer() throws Exception {
    assumeTrue(DockerAvailability.isAvailable(), "no Docker engine here");

    PostgresEndpoint endpoint = PostgresProvisioner.fromTestcontainers();

    try (PostgresDatabase db = PostgresDatabase.create(endpoint, "t_container_check")) {
      assertThat(selectOne(db)).isEqualTo(1);
    }
  }

  @Test
  void aClosedDatabaseIsDroppedAndOthersAreUntouched() throws Exception {
    PostgresDatabase gone = RealPostgres.newDatabase("gone");
    try (PostgresDatabase kept = RealPostgres.newDatabase("kept");
         Connection open = gone.connect()) {
      assertThat(open.isValid(2)).isTrue();

      gone.close();

      try (Connection admin = kept.endpoint().connect(kept.endpoint().adminDatabase());
           Statement st = admin.createStatement();
           ResultSet rs = st.executeQuery("SELECT datname FROM pg_database WHERE datname IN ('" + gone.name() + "','" + kept.name() + "')")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo(kept.name());
        assertThat(rs.next()).isFalse();
      }
    }
  }

  private static int selectOne(PostgresDatabase db) throws SQLException {
    try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
