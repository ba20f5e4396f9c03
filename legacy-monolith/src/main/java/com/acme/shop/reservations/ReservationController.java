package com.acme.shop.reservations;

import com.acme.shop.inventory.OutOfStockException;
import com.acme.shop.orders.OrderController;
import com.acme.shop.web.errors.ApiExceptionHandler;
import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The internal stock reservation API orders-service calls to take stock for its checkouts. Exists
 * only when the internal API is on; the token check is {@link InternalTokenInterceptor}'s.
 */
@RestController
@RequestMapping("/internal/stock/reservations")
@Conditional(InternalApiEnabled.class)
public class ReservationController {

    private final ReservationService reservations;

    public ReservationController(ReservationService reservations) {
        this.reservations = reservations;
    }

    /** 201 with the reservation; 200 with the original for a retry with the same lines. */
    @PostMapping
    public ResponseEntity<Reservation> reserve(@Valid @RequestBody ReservationRequest request) {
        ReservationService.Outcome outcome = reservations.reserve(request.reservationId(), request.lines());
        if (!outcome.created()) {
            return ResponseEntity.ok(outcome.reservation());
        }
        return ResponseEntity.created(URI.create("/internal/stock/reservations/" + request.reservationId()))
                .body(outcome.reservation());
    }

    /**
     * A shortage answers exactly what checkout answers, {@code instance} included, so orders-service
     * can hand it to its client as the monolith's checkout would have.
     */
    @ExceptionHandler(OutOfStockException.class)
    ResponseEntity<ProblemDetail> shortage(OutOfStockException e) {
        ProblemDetail problem = ApiExceptionHandler.problem(e);
        problem.setInstance(URI.create(OrderController.PATH));
        return ResponseEntity.status(e.status()).body(problem);
    }

    /** The compensation: puts HELD stock back; 204 also when there is nothing (left) to release. */
    @DeleteMapping("/{reservationId}")
    public ResponseEntity<Void> release(@PathVariable String reservationId) {
        reservations.release(reservationId);
        return ResponseEntity.status(HttpStatus.NO_CONTENT).build();
    }
}
