package dev.strangler.cli.drift;

import dev.strangler.cli.CliFailure;
import dev.strangler.cli.ExitCodes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * One side's database, read-only, with the spec's queries run inside an outer query that orders them by key and
 * streamed through a server-side cursor ({@code fetchSize} rows at a time), so neither side is held in memory.
 */
final class Store implements AutoCloseable {

    static final int CONNECT_TIMEOUT_SECONDS = 10;
    private static final Set<Integer> INTEGER_TYPES = Set.of(Types.BIGINT, Types.INTEGER, Types.SMALLINT);

    private final DriftSpec.Side side;
    private final Connection connection;
    private final int fetchSize;

    private Store(DriftSpec.Side side, Connection connection, int fetchSize) {
        this.side = side;
        this.connection = connection;
        this.fetchSize = fetchSize;
    }

    /** Connects, or fails with exit 3 saying which side and why (never the password). */
    static Store open(DriftSpec.Side side, String password, int fetchSize) {
        DriftSpec.Database database = side.database();
        Properties props = new Properties();
        props.setProperty("user", database.user());
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        props.setProperty("ApplicationName", "strangler drift check");
        try {
            Connection connection = DriverManager.getConnection(database.jdbcUrl(), props);
            // A cursor needs a transaction; read-only, so a mistaken query can't write.
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            return new Store(side, connection, fetchSize);
        } catch (SQLException e) {
            String hint = database.passwordEnv() != null && password == null
                    ? " (the environment variable " + database.passwordEnv() + " holding its password is not set)" : "";
            throw new CliFailure(ExitCodes.INPUT, "cannot reach the " + side.name() + " database " + database.shown()
                    + ": " + e.getMessage() + hint);
        }
    }

    /** Integer ids can be merged by number; anything else by text. */
    boolean integerIds(DriftSpec.Window window) {
        return columns(side.aggregates(), "aggregates", List.of("id", "state"), window).getFirst();
    }

    /** Checks the events query's columns. */
    void checkEventColumns(DriftSpec.Window window) {
        columns(side.events(), "events", List.of("correlation_id", "event_type", "aggregate_id", "payload"), window);
    }

    /** The aggregates, ordered by id ({@code :since} and {@code :until} take the window's ends there too). */
    Rows<AggregateRow> aggregates(KeyOrder order, DriftSpec.Window window) {
        String sql = "select q.id::text, q.state::text from (" + side.aggregates() + ") q order by "
                + order.orderBy("q.id");
        ResultSet rs = query(sql, "aggregates", window);
        return new Rows<>(this, rs, "aggregates", r -> new AggregateRow(r.getString(1), r.getString(2)));
    }

    /** The events with a correlation id, ordered by it (then type, aggregate id, payload), then those without. */
    Rows<EventRow> events(DriftSpec.Window window) {
        String sql = "select q.correlation_id::text, q.event_type::text, q.aggregate_id::text, q.payload::text from ("
                + side.events() + ") q order by q.correlation_id::text collate \"C\" nulls last, "
                + "q.event_type::text collate \"C\", q.aggregate_id::text collate \"C\", q.payload::text collate \"C\"";
        ResultSet rs = query(sql, "events", window);
        return new Rows<>(this, rs, "events",
                r -> new EventRow(r.getString(1), r.getString(2), r.getString(3), r.getString(4)));
    }

    /** Runs the query for no rows to see its columns; returns, per wanted column, whether it is an integer. */
    private List<Boolean> columns(String query, String what, List<String> wanted, DriftSpec.Window window) {
        try (ResultSet rs = query("select * from (" + query + ") q limit 0", what, window)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                names.add(meta.getColumnLabel(i).toLowerCase(Locale.ROOT));
            }
            List<String> missing = wanted.stream().filter(c -> !names.contains(c)).toList();
            if (!missing.isEmpty()) {
                throw new CliFailure(ExitCodes.USAGE, side.name() + "." + what + ": the query must return the columns "
                        + wanted + "; it returns " + names + " (missing " + missing + ")");
            }
            List<Boolean> integer = new ArrayList<>();
            for (String column : wanted) {
                integer.add(INTEGER_TYPES.contains(meta.getColumnType(names.indexOf(column) + 1)));
            }
            rs.getStatement().close();
            return integer;
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private ResultSet query(String sql, String what, DriftSpec.Window window) {
        List<Instant> parameters = new ArrayList<>();
        Matcher matcher = DriftSpecReader.PARAMETER.matcher(sql);
        StringBuilder bound = new StringBuilder();
        while (matcher.find()) {
            parameters.add(matcher.group(1).equals("since") ? window.since() : window.until());
            matcher.appendReplacement(bound, "cast(? as timestamptz)");
        }
        matcher.appendTail(bound);
        try {
            PreparedStatement statement = connection.prepareStatement(bound.toString(), ResultSet.TYPE_FORWARD_ONLY,
                    ResultSet.CONCUR_READ_ONLY);
            statement.setFetchSize(fetchSize);
            for (int i = 0; i < parameters.size(); i++) {
                Instant at = parameters.get(i);
                if (at == null) {
                    statement.setNull(i + 1, Types.TIMESTAMP_WITH_TIMEZONE);
                } else {
                    statement.setObject(i + 1, at.atOffset(ZoneOffset.UTC));
                }
            }
            return statement.executeQuery();
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** A lost connection is exit 3; a query the database refuses is the spec's mistake, exit 2. */
    CliFailure failure(String what, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("08") || state.startsWith("28") || state.startsWith("57") || state.startsWith("53")) {
            return new CliFailure(ExitCodes.INPUT, "lost the " + side.name() + " database " + side.database().shown()
                    + " while reading " + what + ": " + e.getMessage());
        }
        return new CliFailure(ExitCodes.USAGE, side.name() + "." + what + ": the query failed: " + e.getMessage());
    }

    String name() {
        return side.name();
    }

    @Override
    public void close() {
        try {
            connection.rollback();
            connection.close();
        } catch (SQLException e) {
            // closing after the work is done: nothing left to lose
        }
    }

    /** One aggregate as a store holds it: its id and its state as JSON text. */
    record AggregateRow(String id, String state) {}

    /** One event: its correlation id (null: none), type, aggregate id and payload as JSON text. */
    record EventRow(String correlationId, String type, String aggregateId, String payload) {}
}
