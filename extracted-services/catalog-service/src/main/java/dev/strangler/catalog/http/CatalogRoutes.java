package dev.strangler.catalog.http;

import dev.strangler.catalog.query.InvalidParameter;
import dev.strangler.catalog.query.ProductQuery;
import dev.strangler.catalog.query.RequestParams;
import dev.strangler.catalog.readmodel.CatalogReader;
import dev.strangler.catalog.recent.RecentlyViewed;
import dev.strangler.servicekit.Problem;
import dev.strangler.servicekit.ProblemException;
import dev.strangler.servicekit.identity.Identity;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/** The monolith's catalog read API, served from the read model: products (list, search, one) and categories. */
public final class CatalogRoutes {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CatalogRoutes.class);

  static final String JSON = "application/json";

  private final CatalogReader reader;
  private final Clock clock;
  private final RecentlyViewed recent;

  public CatalogRoutes(CatalogReader reader, Clock clock) {
    this(reader, clock, null);
  }

  /** With {@code recent}, a product shown to a logged-in customer is recorded among their recently viewed. */
  public CatalogRoutes(CatalogReader reader, Clock clock, RecentlyViewed recent) {
    this.reader = Objects.requireNonNull(reader, "reader == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.recent = recent;
  }

  public Router install(Router router) {
    router.get("/api/products").handler(this::list);
    router.get("/api/products/:sku").handler(this::product);
    router.get("/api/categories").handler(this::categories);
    return router;
  }

  private void list(RoutingContext ctx) {
    // Vert.x also routes "/api/products/" here; the monolith doesn't.
    if (!ctx.request().path().equals("/api/products")) {
      ctx.next();
      return;
    }
    ProductQuery query = query(ctx.queryParams());
    reader.search(query).onSuccess(page -> {
      long totalPages = (page.totalItems() + query.size() - 1) / query.size();
      StringBuilder body = new StringBuilder(256 + page.items().size() * 256).append("{\"items\":[");
      body.append(String.join(",", page.items())).append("],");
      // The page fields exactly as the monolith's ProductPage record renders them.
      String tail = new JsonObject().put("page", query.page()).put("size", query.size()).put("totalItems", page.totalItems())
          .put("totalPages", totalPages).put("sort", query.sort().toString())
          .put("generatedAt", DateTimeFormatter.ISO_INSTANT.format(clock.instant())).encode();
      body.append(tail, 1, tail.length());
      ctx.response().putHeader("Content-Type", JSON).end(body.toString());
    }).onFailure(ctx::fail);
  }

  private void product(RoutingContext ctx) {
    if (ctx.request().path().endsWith("/")) {
      ctx.next();
      return;
    }
    String sku = ctx.pathParam("sku");
    reader.product(sku).compose(json -> json == null ? Future.succeededFuture((String) null) : recordView(ctx, sku).map(json))
        .onSuccess(json -> {
          if (json == null) {
            ctx.fail(new ProblemException(Problem.notFound("no product with sku '" + sku + "'")));
          } else {
            ctx.response().putHeader("Content-Type", JSON).end(json);
          }
        }).onFailure(ctx::fail);
  }

  /** Recorded before answering, so the customer's next page sees it; a failure to record never fails the page. */
  private Future<Void> recordView(RoutingContext ctx, String sku) {
    var identity = Identity.current(ctx);
    if (recent == null || identity.isEmpty()) {
      return Future.succeededFuture();
    }
    return recent.viewed(identity.get().customerId(), sku)
        .recover(e -> {
          LOG.warn("could not record a product view: {}", e.toString());
          return Future.succeededFuture();
        });
  }

  private void categories(RoutingContext ctx) {
    if (!ctx.request().path().equals("/api/categories")) {
      ctx.next();
      return;
    }
    reader.categories().onSuccess(json -> ctx.response().putHeader("Content-Type", JSON).end(json.encode())).onFailure(ctx::fail);
  }

  /** Binds the parameters in the monolith's order, so the first bad one is the one it reports too. */
  static ProductQuery query(MultiMap params) {
    try {
      Integer page = RequestParams.integer("page", params.getAll("page"));
      Integer size = RequestParams.integer("size", params.getAll("size"));
      String sort = RequestParams.text(params.getAll("sort"));
      String category = RequestParams.text(params.getAll("category"));
      var minPrice = RequestParams.decimal("minPrice", params.getAll("minPrice"));
      var maxPrice = RequestParams.decimal("maxPrice", params.getAll("maxPrice"));
      Boolean inStock = RequestParams.bool("inStock", params.getAll("inStock"));
      String q = RequestParams.text(params.getAll("q"));
      return ProductQuery.of(page, size, sort, category, minPrice, maxPrice, inStock, q);
    } catch (InvalidParameter e) {
      throw new ProblemException(Problem.invalidField(e.field(), e.getMessage()));
    }
  }
}
