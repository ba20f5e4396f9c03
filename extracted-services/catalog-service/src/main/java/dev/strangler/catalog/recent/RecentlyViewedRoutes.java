package dev.strangler.catalog.recent;

import dev.strangler.catalog.readmodel.CatalogReader;
import dev.strangler.servicekit.identity.Identity;
import dev.strangler.servicekit.identity.IdentityHandler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Objects;

/** {@code GET /api/recently-viewed}: the logged-in customer's recently viewed products (401 when anonymous). */
public final class RecentlyViewedRoutes {

  public static final String PATH = "/api/recently-viewed";

  private final RecentlyViewed recent;
  private final CatalogReader reader;

  public RecentlyViewedRoutes(RecentlyViewed recent, CatalogReader reader) {
    this.recent = Objects.requireNonNull(recent, "recent == null");
    this.reader = Objects.requireNonNull(reader, "reader == null");
  }

  public Router install(Router router) {
    router.get(PATH).handler(IdentityHandler.requireIdentity()).handler(this::list);
    return router;
  }

  private void list(RoutingContext ctx) {
    Identity identity = Identity.current(ctx).orElseThrow();
    recent.skus(identity.customerId())
        .compose(skus -> Future.all(skus.stream().map(reader::product).toList()))
        .onSuccess(products -> {
          // Products the read model no longer holds are left out.
          List<String> items = products.<String>list().stream().filter(Objects::nonNull).toList();
          String head = new JsonObject().put("customerId", identity.customerId()).put("email", identity.email()).encode();
          ctx.response().putHeader("Content-Type", "application/json")
              .end(head.substring(0, head.length() - 1) + ",\"items\":[" + String.join(",", items) + "]}");
        })
        .onFailure(ctx::fail);
  }
}
