package dev.strangler.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostgresEndpointTest {

  @Test
  void readsAPostgresqlUrlWithCredentials() {
    PostgresEndpoint endpoint = PostgresEndpoint.parse("postgresql://app:p%3Ass@db.local:5433/shop", "DATABASE_URL");

    assertThat(endpoint).isEqualTo(new PostgresEndpoint("db.local", 5433, "app", "p:ss", "shop", "DATABASE_URL"));
    assertThat(endpoint.jdbcUrl("other")).isEqualTo("jdbc:postgresql://db.local:5433/other");
  }

  @Test
  void readsAJdbcUrlWithCredentialsInTheQuery() {
    PostgresEndpoint endpoint = PostgresEndpoint.parse("jdbc:postgresql://127.0.0.1/test?user=root&password=x", "DATABASE_URL");

    assertThat(endpoint).isEqualTo(new PostgresEndpoint("127.0.0.1", 5432, "root", "x", "test", "DATABASE_URL"));
  }

  @Test
  void defaultsToThePostgresRoleAndDatabase() {
    PostgresEndpoint endpoint = PostgresEndpoint.parse("postgres://127.0.0.1:5432", "DATABASE_URL");

    assertThat(endpoint.username()).isEqualTo("postgres");
    assertThat(endpoint.adminDatabase()).isEqualTo("postgres");
    assertThat(endpoint.password()).isNull();
  }

  @Test
  void neverPrintsThePassword() {
    assertThat(PostgresEndpoint.parse("postgresql://u:topsecret@h/db", "x").toString()).doesNotContain("topsecret");
  }

  @Test
  void rejectsOtherSchemes() {
    assertThatThrownBy(() -> PostgresEndpoint.parse("mysql://h/db", "x")).hasMessageContaining("postgresql://");
  }
}
