package dev.strangler.orders.checkout;

import dev.strangler.orders.cart.SessionCarts;
import dev.strangler.orders.order.Order;
import dev.strangler.orders.projection.Product;
import dev.strangler.orders.projection.Products;
import dev.strangler.orders.stock.Reservation;
import dev.strangler.orders.stock.StockReservations;
import dev.strangler.orders.store.OrderStore;
import dev.strangler.servicekit.Problem;
import dev.strangler.servicekit.ProblemException;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places an order from the session cart. Live: id from the sequence, stock reserved at the monolith
 * ({@code order:<id>}; a shortage is its 409, passed on), then ONE transaction: order, lines, the OrderPlaced outbox
 * event and the idempotency key's answer; if that transaction fails the reservation is released (compensation). Only
 * then is the cart cleared. Sandbox: the sandbox schema, stock checked against the product projection, nothing
 * reserved, the cart kept, the event into the sandbox outbox (which no relay reads); with a session snapshot
 * ({@code X-Strangler-Sandbox-Session}) the cart is the snapshot's, never the session's.
 */
public final class Checkout {

  public static final String PATH = "/api/orders";
  /** Attempts to release a reservation after a failed transaction. */
  static final int RELEASE_ATTEMPTS = 3;
  private static final Logger LOG = LoggerFactory.getLogger(Checkout.class);

  private final SessionCarts carts;
  private final Products products;
  private final OrderStore store;
  private final StockReservations reservations;
  private final IdempotencyKeys keys;

  public Checkout(SessionCarts carts, Products products, OrderStore store, StockReservations reservations, IdempotencyKeys keys) {
    this.carts = Objects.requireNonNull(carts, "carts == null");
    this.products = Objects.requireNonNull(products, "products == null");
    this.store = Objects.requireNonNull(store, "store == null");
    this.reservations = Objects.requireNonNull(reservations, "reservations == null");
    this.keys = Objects.requireNonNull(keys, "keys == null");
  }

  public Future<CheckoutResult> place(CheckoutRequest request) {
    // A sandboxed copy's snapshot is the cart as it was: the primary may have cleared the session's meanwhile.
    Future<Map<String, Integer>> read = request.cartSnapshot() != null ? Future.succeededFuture(request.cartSnapshot())
        : carts.read(request.sessionId());
    return read.compose(cart -> {
      if (cart.isEmpty()) {
        // A retry after the first checkout emptied the cart is still the same request: replay its answer.
        Future<Optional<IdempotencyKeys.Claim.Replay>> kept = request.idempotencyKey() == null ? Future.succeededFuture(Optional.empty())
            : keys.answered(request.schema(), request.customerId(), request.idempotencyKey());
        return kept.compose(replay -> replay.<Future<CheckoutResult>>map(
                r -> Future.succeededFuture(new CheckoutResult.Replayed(r.status(), r.orderId(), r.body())))
            .orElseGet(() -> Future.failedFuture(new ProblemException(Problem.invalidField("cart",
                "is empty; add items before checking out")))));
      }
      if (request.idempotencyKey() == null) {
        return placeOnce(request, cart);
      }
      return keys.claim(request.schema(), request.customerId(), request.idempotencyKey(), hash(cart)).compose(claim -> switch (claim) {
        case IdempotencyKeys.Claim.Claimed c -> placeOnce(request, cart).compose(
            result -> result instanceof CheckoutResult.Refused ? abandon(request).map(result) : Future.succeededFuture(result),
            failure -> abandon(request).transform(x -> Future.failedFuture(failure)));
        case IdempotencyKeys.Claim.Replay r -> Future.succeededFuture(new CheckoutResult.Replayed(r.status(), r.orderId(), r.body()));
        case IdempotencyKeys.Claim.Mismatch m -> Future.failedFuture(new ProblemException(new Problem(422, "Unprocessable Entity",
            "Idempotency-Key was already used for a different cart; use a new key for a new checkout")));
        case IdempotencyKeys.Claim.InProgress p -> Future.failedFuture(new ProblemException(new Problem(409, "Conflict",
            "a checkout with this Idempotency-Key is still in progress; retry later")));
      });
    });
  }

  private Future<Void> abandon(CheckoutRequest request) {
    return keys.abandon(request.schema(), request.customerId(), request.idempotencyKey())
        .onFailure(e -> LOG.warn("idempotency claim {} not given up ({}); it expires after the claim timeout", request.idempotencyKey(),
            e.getMessage()))
        .otherwiseEmpty();
  }

  private Future<CheckoutResult> placeOnce(CheckoutRequest request, Map<String, Integer> cart) {
    return products.find(cart.keySet()).compose(known -> store.nextId(request.schema()).compose(id -> {
      if (request.schema().sandbox()) {
        String shortage = Shortages.check(cart, known, PATH);
        return shortage != null ? Future.succeededFuture(new CheckoutResult.Refused(409, "application/problem+json", shortage))
            : commit(request, id, cart, known);
      }
      String reservationId = StockReservations.idFor(id);
      return reservations.reserve(reservationId, cart)
          .recover(e -> reservations.releaseReliably(reservationId, RELEASE_ATTEMPTS).otherwiseEmpty().compose(x -> Future.failedFuture(
              new ProblemException(new Problem(503, "Service Unavailable", "stock could not be reserved; try again")))))
          .compose(reservation -> switch (reservation) {
            case Reservation.Refused refused -> Future.succeededFuture(
                new CheckoutResult.Refused(refused.status(), refused.contentType(), refused.body()));
            case Reservation.Held held -> commit(request, id, cart, known).recover(e -> compensate(reservationId, e));
          });
    }));
  }

  /** The transaction failed after the stock was taken: give it back, then fail as the transaction did. */
  private Future<CheckoutResult> compensate(String reservationId, Throwable failure) {
    LOG.warn("order transaction of {} failed ({}); releasing the reservation", reservationId, failure.getMessage());
    return reservations.releaseReliably(reservationId, RELEASE_ATTEMPTS).otherwiseEmpty().compose(x -> Future.failedFuture(failure));
  }

  private Future<CheckoutResult> commit(CheckoutRequest request, long id, Map<String, Integer> cart, Map<String, Product> known) {
    List<Order.Line> lines = new ArrayList<>();
    for (Map.Entry<String, Integer> line : new TreeMap<>(cart).entrySet()) {
      Product product = known.get(line.getKey());
      if (product == null) {
        // The monolith knows it (it reserved it) but its events have not reached the projection yet.
        return Future.failedFuture(new ProblemException(new Problem(503, "Service Unavailable",
            "product " + line.getKey() + " is not yet known to orders-service; try again")));
      }
      lines.add(new Order.Line(lines.size() + 1, product.sku(), product.name(), product.price(), line.getValue()));
    }
    return store.pool().withTransaction(tx -> store.now(tx).compose(now -> {
      Order order = new Order(id, request.customerId(), Order.PLACED, Order.totalOf(lines), now, lines);
      String body = order.toJson().encode();
      Future<Void> written = store.insert(tx, request.schema(), order, OrderStore.Origin.SERVICE, request.correlationId())
          .compose(v -> store.appendEvent(tx, request.schema(), OrderStore.AGGREGATE, Long.toString(id), OrderStore.ORDER_PLACED,
              order.toJson(), request.correlationId()));
      if (request.idempotencyKey() != null) {
        written = written.compose(v -> keys.complete(tx, request.schema(), request.customerId(), request.idempotencyKey(), 201, body, id));
      }
      return written.map(v -> (CheckoutResult) new CheckoutResult.Placed(id, body));
    })).compose(placed -> request.schema().sandbox() ? Future.succeededFuture(placed)
        // As the monolith: the cart goes once the order is committed, before the answer; a failure here loses no order.
        : carts.clear(request.sessionId())
            .onFailure(e -> LOG.warn("order {} placed but its cart was not cleared: {}", id, e.getMessage()))
            .otherwiseEmpty().map(placed));
  }

  /** The request an idempotency key stands for: the cart, in SKU order. */
  static String hash(Map<String, Integer> cart) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(new TreeMap<>(cart).toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
