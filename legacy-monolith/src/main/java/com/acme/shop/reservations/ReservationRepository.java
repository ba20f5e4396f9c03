package com.acme.shop.reservations;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** SQL for the {@code stock_reservations} and {@code stock_reservation_lines} tables. */
@Repository
public class ReservationRepository {

    private final NamedParameterJdbcTemplate jdbc;

    public ReservationRepository(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Claims the id for a new HELD reservation; false when it exists already. A concurrent claim of
     * the same id waits here for the first one's transaction, then sees it (or, rolled back, claims it).
     */
    public boolean claim(String reservationId) {
        return jdbc.update("""
                insert into stock_reservations (reservation_id, status) values (:id, 'HELD')
                on conflict (reservation_id) do nothing
                """, new MapSqlParameterSource("id", reservationId)) == 1;
    }

    public void insertLines(String reservationId, List<Reservation.Line> lines) {
        jdbc.batchUpdate("""
                insert into stock_reservation_lines (reservation_id, sku, quantity, stock_after)
                values (:id, :sku, :quantity, :stockAfter)
                """, lines.stream().map(line -> new MapSqlParameterSource("id", reservationId)
                        .addValue("sku", line.sku())
                        .addValue("quantity", line.quantity())
                        .addValue("stockAfter", line.stockAfter()))
                .toArray(MapSqlParameterSource[]::new));
    }

    /** The reservation, its row locked until the transaction ends. */
    public Optional<Reservation> findForUpdate(String reservationId) {
        MapSqlParameterSource params = new MapSqlParameterSource("id", reservationId);
        Optional<ReservationStatus> status = jdbc.query(
                "select status from stock_reservations where reservation_id = :id for update",
                params, (rs, i) -> ReservationStatus.valueOf(rs.getString(1))).stream().findFirst();
        return status.map(s -> new Reservation(reservationId, s, jdbc.query("""
                select sku, quantity, stock_after from stock_reservation_lines
                where reservation_id = :id order by sku
                """, params, (rs, i) -> new Reservation.Line(rs.getString(1), rs.getInt(2), rs.getInt(3)))));
    }

    public void setStatus(String reservationId, ReservationStatus status) {
        jdbc.update("update stock_reservations set status = :status, updated_at = now() where reservation_id = :id",
                new MapSqlParameterSource("id", reservationId).addValue("status", status.name()));
    }

    /** Ids of HELD reservations made longer than {@code age} ago, oldest first, at most {@code limit}. */
    public List<String> heldLongerThan(Duration age, int limit) {
        return jdbc.queryForList("""
                select reservation_id from stock_reservations
                where status = 'HELD' and created_at < now() - make_interval(secs => :seconds)
                order by created_at limit :limit
                """, new MapSqlParameterSource("seconds", age.toMillis() / 1000.0).addValue("limit", limit), String.class);
    }
}
