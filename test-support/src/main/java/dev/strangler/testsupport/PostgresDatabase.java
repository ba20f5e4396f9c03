package dev.strangler.testsupport;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;

/** A database of one test class's own on the shared server; closing it drops it. */
public final class PostgresDatabase implements AutoCloseable {

  private final PostgresEndpoint endpoint;
  private final String name;
  private volatile boolean dropped;

  PostgresDatabase(PostgresEndpoint endpoint, String name) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint == null");
    if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException("database name must be a plain lower-case identifier: " + name);
    }
    this.name = name;
  }

  static PostgresDatabase create(PostgresEndpoint endpoint, String name) {
    try (Connection admin = endpoint.connect(endpoint.adminDatabase()); Statement st = admin.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create test database " + name + " on " + endpoint + ": " + e.getMessage(), e);
    }
    return new PostgresDatabase(endpoint, name);
  }

  public PostgresEndpoint endpoint() {
    return endpoint;
  }

  public String name() {
    return name;
  }

  public String jdbcUrl() {
    return endpoint.jdbcUrl(name);
  }

  public String username() {
    return endpoint.username();
  }

  /** The password, or {@code null} where the server trusts the role. */
  public String password() {
    return endpoint.password();
  }

  public Connection connect() throws SQLException {
    return endpoint.connect(name);
  }

  /** Drops the database, ending any session still connected to it. Idempotent. */
  @Override
  public void close() {
    if (dropped) {
      return;
    }
    try (Connection admin = endpoint.connect(endpoint.adminDatabase()); Statement st = admin.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      dropped = true;
    } catch (SQLException e) {
      throw new IllegalStateException("could not drop test database " + name + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return name + " on " + endpoint;
  }
}
