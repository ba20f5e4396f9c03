package dev.strangler.orders.http;

import dev.strangler.orders.cart.AddToCart;
import dev.strangler.orders.cart.CartView;
import dev.strangler.orders.cart.SessionCarts;
import dev.strangler.orders.cart.SessionId;
import dev.strangler.orders.projection.Products;
import dev.strangler.servicekit.Problem;
import dev.strangler.servicekit.ProblemException;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** {@code /api/cart}: the session cart (works logged in or not), answering as the monolith's {@code CartController}. */
public final class CartRoutes {

  /** A cart body is tiny; anything bigger is not one. */
  static final long MAX_BODY_BYTES = 16 * 1024;

  private final SessionCarts carts;
  private final Products products;
  private final RequestScope.Schemas schemas;

  public CartRoutes(SessionCarts carts, Products products, RequestScope.Schemas schemas) {
    this.carts = Objects.requireNonNull(carts, "carts == null");
    this.products = Objects.requireNonNull(products, "products == null");
    this.schemas = Objects.requireNonNull(schemas, "schemas == null");
  }

  public void install(Router router) {
    router.get("/api/cart").handler(this::view);
    router.post("/api/cart/items").handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES)).handler(this::add);
    router.delete("/api/cart/items/:sku").handler(this::remove);
  }

  private void view(RoutingContext ctx) {
    RequestScope scope = RequestScope.of(ctx, schemas);
    carts.read(scope.sessionId()).compose(cart -> respond(ctx, cart)).onFailure(ctx::fail);
  }

  private void add(RoutingContext ctx) {
    RequestScope scope = RequestScope.of(ctx, schemas);
    AddToCart item = AddToCart.parse(ctx.request().getHeader("Content-Type"), ctx.body().buffer());
    products.find(List.of(item.sku())).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(new ProblemException(Problem.notFound("no product with sku '" + item.sku() + "'")));
      }
      return carts.read(scope.sessionId()).compose(cart -> {
        int held = cart.getOrDefault(item.sku(), 0);
        if (held + item.quantity() > CartView.MAX_QUANTITY) {
          return Future.failedFuture(new ProblemException(Problem.invalidField("quantity",
              "at most " + CartView.MAX_QUANTITY + " of one product per order; the cart already holds " + held)));
        }
        Map<String, Integer> updated = new LinkedHashMap<>(cart);
        updated.put(item.sku(), held + item.quantity());
        return store(ctx, scope, updated).compose(v -> respond(ctx, updated));
      });
    }).onFailure(ctx::fail);
  }

  private void remove(RoutingContext ctx) {
    RequestScope scope = RequestScope.of(ctx, schemas);
    String sku = ctx.pathParam("sku");
    carts.read(scope.sessionId()).compose(cart -> {
      if (!cart.containsKey(sku)) {
        return Future.failedFuture(new ProblemException(Problem.notFound("sku '" + sku + "' is not in the cart")));
      }
      Map<String, Integer> updated = new LinkedHashMap<>(cart);
      updated.remove(sku);
      return store(ctx, scope, updated).compose(v -> respond(ctx, updated));
    }).onFailure(ctx::fail);
  }

  /**
   * Into the session; without one (or an expired one), a new session as the monolith would start, with its cookie.
   * A sandboxed request answers as if it had, writing nothing: the session is the monolith's.
   */
  private Future<Void> store(RoutingContext ctx, RequestScope scope, Map<String, Integer> cart) {
    if (scope.schema().sandbox()) {
      return Future.succeededFuture();
    }
    Future<Boolean> written = scope.sessionId() == null ? Future.succeededFuture(false) : carts.write(scope.sessionId(), cart);
    return written.compose(ok -> ok || cart.isEmpty() ? Future.<Void>succeededFuture()
        : carts.create(cart).map(id -> {
          ctx.response().headers().add("Set-Cookie", SessionId.setCookie(id));
          return null;
        }));
  }

  private Future<Void> respond(RoutingContext ctx, Map<String, Integer> cart) {
    return products.find(cart.keySet()).map(found -> {
      ctx.response().putHeader("Content-Type", "application/json").end(CartView.render(cart, found).encode());
      return null;
    });
  }
}
