package dev.strangler.orders.http;

import dev.strangler.orders.cart.SessionCarts;
import dev.strangler.orders.checkout.Checkout;
import dev.strangler.orders.checkout.CheckoutRequest;
import dev.strangler.orders.checkout.CheckoutResult;
import dev.strangler.orders.store.OrderStore;
import dev.strangler.servicekit.Problem;
import dev.strangler.servicekit.ProblemException;
import dev.strangler.servicekit.sandbox.Sandbox;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/** {@code /api/orders}: checkout, history and one order, answering as the monolith's {@code OrderController}. */
public final class OrderRoutes {

  /** The history is a recent-orders view, not an archive (the monolith's {@code HISTORY_LIMIT}). */
  public static final int HISTORY_LIMIT = 100;
  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  public static final String REPLAYED = "Idempotent-Replayed";
  private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");

  private final Checkout checkout;
  private final OrderStore store;
  private final RequestScope.Schemas schemas;
  private final Clock clock;

  public OrderRoutes(Checkout checkout, OrderStore store, RequestScope.Schemas schemas, Clock clock) {
    this.checkout = Objects.requireNonNull(checkout, "checkout == null");
    this.store = Objects.requireNonNull(store, "store == null");
    this.schemas = Objects.requireNonNull(schemas, "schemas == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  public void install(Router router) {
    router.post("/api/orders").handler(this::checkout);
    router.get("/api/orders").handler(this::history);
    router.get("/api/orders/:id").handler(this::one);
  }

  private void checkout(RoutingContext ctx) {
    RequestScope scope = RequestScope.of(ctx, schemas);
    long customer = scope.requireCustomer();
    String key = ctx.request().getHeader(IDEMPOTENCY_KEY);
    if (key != null && !KEY.matcher(key).matches()) {
      throw new ProblemException(Problem.invalidField(IDEMPOTENCY_KEY, "must be 1 to 255 visible ASCII characters"));
    }
    Map<String, Integer> snapshot = Sandbox.sessionSnapshot(ctx).flatMap(SessionCarts::fromSnapshot).orElse(null);
    checkout.place(new CheckoutRequest(customer, scope.sessionId(), scope.schema(), scope.correlationId(), key, snapshot))
        .onSuccess(result -> send(ctx, result))
        .onFailure(ctx::fail);
  }

  private static void send(RoutingContext ctx, CheckoutResult result) {
    var response = ctx.response().setStatusCode(result.status());
    if (result.contentType() != null) {
      response.putHeader("Content-Type", result.contentType());
    }
    if (result.location() != null) {
      response.putHeader("Location", result.location());
    }
    if (result.replayed()) {
      response.putHeader(REPLAYED, "true");
    }
    response.end(result.body());
  }

  private void history(RoutingContext ctx) {
    RequestScope scope = RequestScope.of(ctx, schemas);
    store.history(scope.schema(), scope.requireCustomer(), HISTORY_LIMIT).onSuccess(items -> {
      JsonArray rendered = new JsonArray();
      items.forEach(i -> rendered.add(i.toJson()));
      ctx.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("items", rendered)
          .put("generatedAt", DateTimeFormatter.ISO_INSTANT.format(clock.instant())).encode());
    }).onFailure(ctx::fail);
  }

  private void one(RoutingContext ctx) {
    // As Spring MVC: the path variable is converted before the handler asks for a login.
    String raw = ctx.pathParam("id");
    long id;
    try {
      id = Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw new ProblemException(Problem.invalidField("id", "must be an integer but was '" + raw + "'"));
    }
    RequestScope scope = RequestScope.of(ctx, schemas);
    long customer = scope.requireCustomer();
    store.find(scope.schema(), id, customer).onSuccess(order -> {
      if (order.isEmpty()) {
        ctx.fail(new ProblemException(Problem.notFound("no order " + id)));
      } else {
        ctx.response().putHeader("Content-Type", "application/json").end(order.get().toJson().encode());
      }
    }).onFailure(ctx::fail);
  }
}
