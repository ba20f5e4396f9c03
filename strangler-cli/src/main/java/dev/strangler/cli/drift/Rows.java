package dev.strangler.cli.drift;

import java.sql.ResultSet;
import java.sql.SQLException;

/** A query's rows one at a time, off a cursor; {@link #next} gives null after the last. */
final class Rows<T> implements AutoCloseable {

    /** Reads one row. */
    interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private final Store store;
    private final ResultSet rs;
    private final String what;
    private final Reader<T> reader;
    private long count;

    Rows(Store store, ResultSet rs, String what, Reader<T> reader) {
        this.store = store;
        this.rs = rs;
        this.what = what;
        this.reader = reader;
    }

    T next() {
        try {
            if (!rs.next()) {
                return null;
            }
            count++;
            return reader.read(rs);
        } catch (SQLException e) {
            throw store.failure(what, e);
        }
    }

    long count() {
        return count;
    }

    @Override
    public void close() {
        try {
            rs.getStatement().close();
        } catch (SQLException e) {
            // the rows were read; the connection closes next
        }
    }
}
