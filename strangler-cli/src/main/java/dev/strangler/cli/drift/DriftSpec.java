package dev.strangler.cli.drift;

import dev.strangler.compare.CompareRules;
import java.time.Instant;
import java.util.Objects;

/**
 * A drift check as data ({@code kind: DriftCheck}), read and validated by {@link DriftSpecReader}.
 *
 * @param name          what is compared, e.g. {@code orders} (shown in the report)
 * @param legacy        the monolith's store and its queries
 * @param extracted     the extracted service's store (or its sandbox) and its queries
 * @param aggregateRules how two states of one aggregate are compared: strangler-compare's rules (default: exact)
 * @param eventRules    how two events of one correlation id are compared, as {@code {type, aggregateId, payload}}
 *                      documents (default: exact)
 * @param window        the time window, given to the queries as {@code :since} and {@code :until} (the events
 *                      queries must take it)
 */
public record DriftSpec(String name, Side legacy, Side extracted, CompareRules aggregateRules, CompareRules eventRules,
                        Window window) {

    public static final String API_VERSION = "strangler/v1";
    public static final String KIND = "DriftCheck";

    public DriftSpec {
        Objects.requireNonNull(name, "name == null");
        Objects.requireNonNull(legacy, "legacy == null");
        Objects.requireNonNull(extracted, "extracted == null");
        Objects.requireNonNull(aggregateRules, "aggregateRules == null");
        Objects.requireNonNull(eventRules, "eventRules == null");
        Objects.requireNonNull(window, "window == null");
    }

    /** Both sides have an events query (the reader allows both or neither). */
    public boolean comparesEvents() {
        return legacy.events() != null;
    }

    /**
     * One store.
     *
     * @param name       {@code legacy} or {@code extracted}
     * @param database   where it is
     * @param aggregates a query returning one row per aggregate: {@code id} and {@code state} (JSON)
     * @param events     a query returning {@code correlation_id, event_type, aggregate_id, payload}, or null
     */
    public record Side(String name, Database database, String aggregates, String events) {

        public Side {
            Objects.requireNonNull(name, "name == null");
            Objects.requireNonNull(database, "database == null");
            Objects.requireNonNull(aggregates, "aggregates == null");
        }
    }

    /**
     * A PostgreSQL database: a JDBC URL without credentials, the user, and the environment variable holding the
     * password (null: none, e.g. a trusted local role). The password itself is never part of the spec.
     *
     * @param shown the URL as reports and messages show it: no password ever
     */
    public record Database(String jdbcUrl, String user, String passwordEnv, String shown) {

        public Database {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl == null");
            Objects.requireNonNull(shown, "shown == null");
        }

        @Override
        public String toString() {
            return shown;
        }
    }

    /** Events from {@code since} (inclusive) to {@code until} (exclusive); null ends are open. */
    public record Window(Instant since, Instant until) {
        public static final Window ALL = new Window(null, null);

        public boolean bounded() {
            return since != null || until != null;
        }
    }
}
