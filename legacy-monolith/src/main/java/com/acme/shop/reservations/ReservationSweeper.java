package com.acme.shop.reservations;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Releases HELD reservations older than the hold timeout: their order never arrived (the caller
 * crashed between reserving and compensating). Each in its own transaction; several monoliths
 * sweeping at once is harmless because a release locks the row and re-checks its status.
 */
@Component
class ReservationSweeper {

    private static final Logger log = LoggerFactory.getLogger(ReservationSweeper.class);
    /** Reservations released per run at most; the next run takes the rest. */
    static final int BATCH = 100;

    private final ReservationRepository reservations;
    private final ReservationService service;
    private final ReservationProperties properties;

    ReservationSweeper(ReservationRepository reservations, ReservationService service, ReservationProperties properties) {
        this.reservations = reservations;
        this.service = service;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${acme.reservations.sweep-interval:1m}", initialDelayString = "${acme.reservations.sweep-interval:1m}")
    void sweep() {
        List<String> stale = reservations.heldLongerThan(properties.holdTimeout(), BATCH);
        for (String reservationId : stale) {
            try {
                service.release(reservationId);
                log.info("Released stale stock reservation {} (held longer than {})", reservationId, properties.holdTimeout());
            } catch (RuntimeException e) {
                log.warn("Could not release stale stock reservation {}: {}", reservationId, e.toString());
            }
        }
    }
}
