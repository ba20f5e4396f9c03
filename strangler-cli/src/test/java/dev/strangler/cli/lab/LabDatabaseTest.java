package dev.strangler.cli.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.cli.CliFailure;
import org.junit.jupiter.api.Test;

/** DATABASE_URL in either form gives the JDBC URL with user and password apart, and the postgresql:// form. */
class LabDatabaseTest {

    @Test
    void aJdbcUrlWithUserAndPasswordSettingsGivesBothForms() {
        LabDatabase db = LabDatabase.parse("jdbc:postgresql://127.0.0.1:5432/acme", "acme", "s3cret");

        assertThat(db).isEqualTo(new LabDatabase("jdbc:postgresql://127.0.0.1:5432/acme", "acme", "s3cret",
                "postgresql://acme:s3cret@127.0.0.1:5432/acme"));
    }

    @Test
    void aPostgresqlUrlKeepsItsUserInfoOutOfTheJdbcUrl() {
        LabDatabase db = LabDatabase.parse("postgres://acme:pw@db.local/acme?sslmode=disable", null, null);

        assertThat(db.jdbc()).isEqualTo("jdbc:postgresql://db.local:5432/acme?sslmode=disable");
        assertThat(db.user()).isEqualTo("acme");
        assertThat(db.password()).isEqualTo("pw");
        assertThat(db.postgresql()).isEqualTo("postgresql://acme:pw@db.local:5432/acme?sslmode=disable");
    }

    @Test
    void theEmbeddedDatabasesLoggedUrlNamesItsUserAsAParameter() {
        LabDatabase db = LabDatabase.parse("jdbc:postgresql://localhost:35135/postgres?user=postgres", null, null);

        assertThat(db).isEqualTo(new LabDatabase("jdbc:postgresql://localhost:35135/postgres", "postgres", null,
                "postgresql://postgres@localhost:35135/postgres"));
    }

    @Test
    void theSettingsUserWinsOverTheUrls() {
        assertThat(LabDatabase.parse("postgresql://url-user@h:1/d", "setting-user", "").user()).isEqualTo("setting-user");
    }

    @Test
    void anythingButAPostgresqlUrlWithADatabaseIsRefused() {
        assertThatThrownBy(() -> LabDatabase.parse("mysql://h/d", null, null)).isInstanceOf(CliFailure.class)
                .hasMessageContaining("DATABASE_URL must be a jdbc:postgresql://");
        assertThatThrownBy(() -> LabDatabase.parse("postgresql://h:5432/", null, null)).isInstanceOf(CliFailure.class);
    }
}
