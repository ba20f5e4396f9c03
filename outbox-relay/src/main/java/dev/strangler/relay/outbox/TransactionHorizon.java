package dev.strangler.relay.outbox;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.LoggerFactory;

/**
 * Tells when every transaction that was running at some moment has ended, so a gap in the sequence
 * can be known to be permanent rather than a transaction that has not committed yet.
 */
public interface TransactionHorizon {

  /** Where time alone must tell (not PostgreSQL ≥ 13): every mark has passed at once. */
  TransactionHorizon NONE = new TransactionHorizon() {
    @Override
    public long mark() {
      return 0;
    }

    @Override
    public boolean passed(long mark) {
      return true;
    }

    @Override
    public boolean knowsTransactions() {
      return false;
    }
  };

  /** A mark after every transaction id handed out so far. */
  long mark() throws SQLException;

  /** True when every transaction that had an id when {@code mark} was taken has committed or rolled back. */
  boolean passed(long mark) throws SQLException;

  /** False where time alone decides ({@link #NONE}): a gap then passes with its grace, with no horizon to wait on. */
  default boolean knowsTransactions() throws SQLException {
    return true;
  }

  /**
   * PostgreSQL's transaction snapshots where the database has them (13 and later), else {@link #NONE};
   * which one is found on first use, so the relay starts while the database is still down.
   */
  static TransactionHorizon detect(DataSource dataSource) {
    return new TransactionHorizon() {
      private TransactionHorizon found;

      @Override
      public long mark() throws SQLException {
        return found().mark();
      }

      @Override
      public boolean passed(long mark) throws SQLException {
        return found().passed(mark);
      }

      @Override
      public boolean knowsTransactions() throws SQLException {
        return found().knowsTransactions();
      }

      private TransactionHorizon found() throws SQLException {
        if (found == null) {
          try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            boolean snapshots = "PostgreSQL".equals(meta.getDatabaseProductName()) && meta.getDatabaseMajorVersion() >= 13;
            found = snapshots ? new Postgres(dataSource) : NONE;
          }
          if (found == NONE) {
            LoggerFactory.getLogger(TransactionHorizon.class).warn(
                "no transaction snapshots on this database: sequence gaps are passed on age alone (the gap grace)");
          }
        }
        return found;
      }
    };
  }

  /** {@code pg_current_snapshot()}: its xmax is the next id to be handed out, its xmin the oldest still running. */
  final class Postgres implements TransactionHorizon {
    private final DataSource dataSource;

    Postgres(DataSource dataSource) {
      this.dataSource = dataSource;
    }

    @Override
    public long mark() throws SQLException {
      return query("select pg_snapshot_xmax(pg_current_snapshot())::text::bigint");
    }

    @Override
    public boolean passed(long mark) throws SQLException {
      return query("select pg_snapshot_xmin(pg_current_snapshot())::text::bigint") >= mark;
    }

    private long query(String sql) throws SQLException {
      try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
