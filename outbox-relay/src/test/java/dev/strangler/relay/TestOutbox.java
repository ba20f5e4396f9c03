package dev.strangler.relay;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.strangler.testsupport.PostgresDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Acme Shop's real outbox in a test class's own database (the monolith's own Flyway migrations),
 * rows inserted as the monolith inserts them, and a connection pool for the relay.
 */
final class TestOutbox implements AutoCloseable {

  private static final String INSERT = "insert into outbox (event_id, aggregate_type, aggregate_id, event_type, payload)"
      + " values (?, ?, ?, ?, ?::jsonb) returning sequence";

  private final PostgresDatabase database;
  private final HikariDataSource dataSource;

  private TestOutbox(PostgresDatabase database) {
    this.database = database;
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(database.jdbcUrl());
    config.setUsername(database.username());
    config.setPassword(database.password());
    config.setMaximumPoolSize(4);
    this.dataSource = new HikariDataSource(config);
  }

  /** The schema on first use in the database, then an empty outbox whose sequence starts again at 1. */
  static TestOutbox open(PostgresDatabase database) throws SQLException {
    try (Connection c = database.connect(); Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("select to_regclass('outbox') is not null")) {
        rs.next();
        if (!rs.getBoolean(1)) {
          for (String migration : List.of("V1__shop_schema.sql", "V2__outbox_notify.sql")) {
            st.execute(read(migrations().resolve(migration)));
          }
        }
      }
      st.execute("truncate outbox restart identity");
    }
    return new TestOutbox(database);
  }

  static Path migrations() {
    return Path.of(System.getProperty("acme.shop.migrations", "../legacy-monolith/src/main/resources/db/migration"));
  }

  HikariDataSource dataSource() {
    return dataSource;
  }

  PostgresDatabase database() {
    return database;
  }

  /** One row in a transaction of its own; returns its sequence. */
  long insert(String aggregateType, String aggregateId) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return insert(c, aggregateType, aggregateId);
    }
  }

  /** {@code count} rows of {@code aggregateType} in one transaction; returns their sequences. */
  List<Long> insertMany(int count, String aggregateType) throws SQLException {
    List<Long> sequences = new ArrayList<>(count);
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      for (int i = 0; i < count; i++) {
        sequences.add(insert(c, aggregateType, aggregateType.toUpperCase() + "-" + i));
      }
      c.commit();
    }
    return sequences;
  }

  /** A connection with a transaction open: insert with {@link #insert(Connection, String, String)}, then commit or roll back. */
  Connection begin() throws SQLException {
    Connection c = database.connect();
    c.setAutoCommit(false);
    return c;
  }

  static long insert(Connection c, String aggregateType, String aggregateId) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(INSERT)) {
      st.setObject(1, UUID.randomUUID());
      st.setString(2, aggregateType);
      st.setString(3, aggregateId);
      st.setString(4, aggregateType + "Updated");
      st.setString(5, "{\"id\": \"" + aggregateId + "\", \"price\": 12.5}");
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Sequences of the rows not marked published, in order. */
  List<Long> unpublished() throws SQLException {
    return sequences("select sequence from outbox where published_at is null order by sequence");
  }

  List<Long> published() throws SQLException {
    return sequences("select sequence from outbox where published_at is not null order by sequence");
  }

  private List<Long> sequences(String sql) throws SQLException {
    List<Long> result = new ArrayList<>();
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        result.add(rs.getLong(1));
      }
    }
    return result;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("the monolith's migration " + file + " (run from the outbox-relay module)", e);
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
