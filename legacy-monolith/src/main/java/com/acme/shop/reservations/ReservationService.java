package com.acme.shop.reservations;

import com.acme.shop.catalog.ProductEvents;
import com.acme.shop.catalog.ProductRepository;
import com.acme.shop.inventory.InventoryService;
import com.acme.shop.inventory.OutOfStockException.Shortage;
import com.acme.shop.inventory.StockLevel;
import com.acme.shop.outbox.OutboxWriter;
import com.acme.shop.web.errors.ConflictException;
import com.acme.shop.web.errors.NotFoundException;
import com.acme.shop.web.errors.UnprocessableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stock held for an order placed elsewhere (orders-service): taken exactly as a checkout takes it,
 * with the same events, then confirmed when the order arrives or released (put back).
 */
@Service
public class ReservationService {

    private static final Logger log = LoggerFactory.getLogger(ReservationService.class);

    private final ReservationRepository reservations;
    private final InventoryService inventory;
    private final ProductRepository products;
    private final OutboxWriter outbox;

    public ReservationService(ReservationRepository reservations, InventoryService inventory, ProductRepository products,
            OutboxWriter outbox) {
        this.reservations = reservations;
        this.inventory = inventory;
        this.products = products;
        this.outbox = outbox;
    }

    /** A reservation and whether this call made it (false: a retry answered with the original). */
    public record Outcome(Reservation reservation, boolean created) {}

    /**
     * One transaction: the id claimed, every line taken or none (a shortage throws the checkout's
     * {@code OutOfStockException}), a StockChanged per line with the reservation id as reason. The
     * same id again answers the original when the lines are the same and 422 when they are not.
     */
    @Transactional
    public Outcome reserve(String reservationId, Map<String, Integer> lines) {
        if (!reservations.claim(reservationId)) {
            Reservation existing = reservations.findForUpdate(reservationId).orElseThrow();
            if (!existing.quantities().equals(new TreeMap<>(lines))) {
                throw new UnprocessableException("reservation " + reservationId + " exists with other lines "
                        + existing.quantities() + "; a retry must send the same lines");
            }
            return new Outcome(existing, false);
        }
        for (String sku : new TreeMap<>(lines).keySet()) {
            if (!products.exists(sku)) {
                throw new NotFoundException("no product with sku '" + sku + "'");
            }
        }
        List<Reservation.Line> held = new ArrayList<>();
        for (StockLevel level : inventory.reserve(lines)) {
            String sku = level.product().sku();
            held.add(new Reservation.Line(sku, lines.get(sku), level.product().stock()));
            outbox.append(ProductEvents.stockChanged(level.product(), level.previousStock(), reservationId));
        }
        reservations.insertLines(reservationId, held);
        return new Outcome(new Reservation(reservationId, ReservationStatus.HELD, held), true);
    }

    /**
     * Puts a HELD reservation's stock back (StockChanged with reason {@code release:<id>}) and marks it
     * RELEASED. Unknown or already released: nothing to do. CONFIRMED: its order exists, so 409.
     */
    @Transactional
    public void release(String reservationId) {
        Optional<Reservation> found = reservations.findForUpdate(reservationId);
        if (found.isEmpty() || found.get().status() == ReservationStatus.RELEASED) {
            return;
        }
        Reservation reservation = found.get();
        if (reservation.status() == ReservationStatus.CONFIRMED) {
            throw new ConflictException("reservation " + reservationId + " is CONFIRMED: its order was placed");
        }
        for (StockLevel level : inventory.putBack(reservation.quantities())) {
            outbox.append(ProductEvents.stockChanged(level.product(), level.previousStock(), "release:" + reservationId));
        }
        reservations.setStatus(reservationId, ReservationStatus.RELEASED);
    }

    /**
     * Marks the reservation of an imported order CONFIRMED, inside the import's transaction. Should it
     * have been released meanwhile (the order came after the hold timeout), the order's lines are taken
     * again as far as they are on hand: the order exists, so it is honoured, and a shortage is logged.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void confirm(String reservationId, Map<String, Integer> orderedLines) {
        Optional<Reservation> found = reservations.findForUpdate(reservationId);
        if (found.isEmpty()) {
            log.warn("No stock reservation {} for an imported order: no stock was held for it here", reservationId);
            return;
        }
        switch (found.get().status()) {
            case CONFIRMED -> { }
            case HELD -> reservations.setStatus(reservationId, ReservationStatus.CONFIRMED);
            case RELEASED -> {
                List<Shortage> shortages = new ArrayList<>();
                for (StockLevel level : inventory.takeWhatIsThere(orderedLines, shortages)) {
                    outbox.append(ProductEvents.stockChanged(level.product(), level.previousStock(), reservationId));
                }
                if (!shortages.isEmpty()) {
                    log.error("Order of reservation {} arrived after it was released and is short of {}: oversold",
                            reservationId, shortages);
                }
                reservations.setStatus(reservationId, ReservationStatus.CONFIRMED);
            }
        }
    }
}
