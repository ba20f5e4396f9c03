package com.acme.shop.outbox;

import com.acme.shop.infra.CorrelationId;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends events to the {@code outbox} table.
 *
 * <p>MANDATORY propagation is the point of the outbox: an event may only be written inside the
 * transaction that makes the change it describes, so both commit or neither does. Each event carries
 * the {@link CorrelationId} of the request that caused it (none outside a request).
 */
@Component
public class OutboxWriter {

    private static final String INSERT = """
            insert into outbox (event_id, aggregate_type, aggregate_id, event_type, payload, correlation_id)
            values (?, ?, ?, ?, ?::jsonb, ?)
            """;

    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    public OutboxWriter(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void append(OutboxEvent event) {
        jdbc.update(INSERT, args(event));
    }

    /** Same as {@link #append} for many events in one round trip (used by the seed loader). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void appendAll(List<OutboxEvent> events) {
        jdbc.batchUpdate(INSERT, events.stream().map(this::args).toList());
    }

    private Object[] args(OutboxEvent event) {
        return new Object[] {
            UUID.randomUUID(),
            event.aggregateType(),
            event.aggregateId(),
            event.type().name(),
            json.writeValueAsString(event.payload()),
            CorrelationId.current().orElse(null)
        };
    }
}
