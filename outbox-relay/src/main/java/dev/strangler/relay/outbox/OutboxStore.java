package dev.strangler.relay.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The relay's JDBC access to the outbox: read unpublished rows in order, mark rows published. */
public final class OutboxStore {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxStore.class);

  private final DataSource dataSource;
  private final OutboxTable table;
  private volatile Boolean postgres;
  /** The select with the correlation id column found on first use (so the relay starts while the database is down). */
  private volatile String selectUnpublished;
  /** The select of a range of rows, found with {@link #selectUnpublished}. */
  private volatile String selectRange;

  public OutboxStore(DataSource dataSource, OutboxTable table) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource == null");
    this.table = Objects.requireNonNull(table, "table == null");
  }

  /** The first {@code limit} unpublished rows, in sequence order; only committed rows are visible. */
  public List<OutboxRow> unpublished(int limit) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(selectUnpublished(c))) {
      st.setInt(1, limit);
      return rows(st, limit);
    }
  }

  /** Up to {@code limit} rows, published or not, with a sequence in ({@code after}, {@code upTo}], in sequence order. */
  public List<OutboxRow> range(long after, long upTo, int limit) throws SQLException {
    selectUnpublished(dataSource);
    try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(selectRange)) {
      st.setLong(1, after);
      st.setLong(2, upTo);
      st.setInt(3, limit);
      return rows(st, limit);
    }
  }

  private static List<OutboxRow> rows(PreparedStatement st, int limit) throws SQLException {
    List<OutboxRow> rows = new ArrayList<>(limit);
    try (ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        rows.add(new OutboxRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
            rs.getString(6), rs.getObject(7, OffsetDateTime.class).toInstant(), rs.getString(8)));
      }
    }
    return rows;
  }

  /** The correlation id column to publish: the named one (it must exist), else the default one if the table has it. */
  private Optional<String> correlationColumn(Connection c) throws SQLException {
    String configured = table.correlationId();
    if (OutboxTable.NO_CORRELATION_ID.equals(configured)) {
      return Optional.empty();
    }
    Set<String> columns = new HashSet<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(table.selectNothing())) {
      ResultSetMetaData meta = rs.getMetaData();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        columns.add(meta.getColumnName(i).toLowerCase(Locale.ROOT));
      }
    }
    String wanted = configured == null ? OutboxTable.DEFAULT_CORRELATION_ID : configured;
    if (columns.contains(wanted.toLowerCase(Locale.ROOT))) {
      return Optional.of(wanted);
    }
    if (configured != null) {
      throw new SQLException("the correlation id column " + configured + " is not a column of " + table.table());
    }
    return Optional.empty();
  }

  private String selectUnpublished(Connection c) throws SQLException {
    String select = selectUnpublished;
    if (select == null) {
      Optional<String> column = correlationColumn(c);
      LOG.info("outbox {}: correlation ids {}", table.table(), column.map(name -> "from column " + name).orElse("not published"));
      selectRange = table.selectRange(column.orElse(null));
      select = table.selectUnpublished(column.orElse(null));
      selectUnpublished = select;
    }
    return select;
  }

  private void selectUnpublished(DataSource source) throws SQLException {
    if (selectUnpublished == null) {
      try (Connection c = source.getConnection()) {
        selectUnpublished(c);
      }
    }
  }

  /** Sets {@code published_at} on these rows (those already marked are left as they are). */
  public int markPublished(List<Long> sequences) throws SQLException {
    if (sequences.isEmpty()) {
      return 0;
    }
    try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(table.markPublished())) {
      st.setArray(1, c.createArrayOf("bigint", sequences.toArray()));
      if (!postgres(c)) {
        return st.executeUpdate();
      }
      // A mark lost in a database crash only makes the rows go again, and Redis rejects them as
      // duplicates: not worth waiting for the WAL flush, which would lengthen every batch. Set for
      // the session around an autocommit update, not in an explicit transaction: a relay frozen
      // between statements (GC, SIGSTOP) must never hold row locks the next leader waits on.
      try (Statement session = c.createStatement()) {
        session.execute("set synchronous_commit to off");
        try {
          return st.executeUpdate();
        } finally {
          session.execute("reset synchronous_commit");
        }
      }
    }
  }

  private boolean postgres(Connection c) throws SQLException {
    Boolean known = postgres;
    if (known == null) {
      known = "PostgreSQL".equals(c.getMetaData().getDatabaseProductName());
      postgres = known;
    }
    return known;
  }

  /** The highest sequence marked published, if any row is. */
  public OptionalLong maxPublished() throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(table.maxPublished());
         ResultSet rs = st.executeQuery()) {
      rs.next();
      long max = rs.getLong(1);
      return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(max);
    }
  }
}
