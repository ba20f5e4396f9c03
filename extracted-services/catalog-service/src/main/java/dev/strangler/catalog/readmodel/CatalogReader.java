package dev.strangler.catalog.readmodel;

import dev.strangler.catalog.query.ProductQuery;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** Everything the catalog API reads, from the read model only. */
public final class CatalogReader {

  private final Redis redis;
  private final ReadModelKeys keys;
  private final ProductSearch search;

  public CatalogReader(Redis redis, ReadModelKeys keys) {
    this.redis = Objects.requireNonNull(redis, "redis == null");
    this.keys = Objects.requireNonNull(keys, "keys == null");
    this.search = new ProductSearch(redis, keys);
  }

  /** One page of product JSON documents, rendered as the monolith renders them, and the number of matches. */
  public record Page(List<String> items, long totalItems) {}

  public Future<Page> search(ProductQuery query) {
    return search.search(query).map(r -> new Page(r.items(), r.total()));
  }

  /** The product's JSON document, or null when the read model doesn't hold it. */
  public Future<String> product(String sku) {
    return redis.send(Request.cmd(Command.HGET).arg(keys.product(sku)).arg("json")).map(r -> r == null ? null : r.toString());
  }

  /** Every category with its number of products, ordered by name (code points, the monolith's "C" collation). */
  public Future<JsonArray> categories() {
    return redis.send(Request.cmd(Command.HGETALL).arg(keys.categories())).compose(all -> {
      List<String[]> categories = new ArrayList<>();
      for (String slug : all.getKeys()) {
        categories.add(new String[] {slug, all.get(slug).toString()});
      }
      categories.sort(Comparator.<String[], String>comparing(c -> c[1], CatalogReader::byCodePoint).thenComparing(c -> c[0], CatalogReader::byCodePoint));
      List<Request> counts = new ArrayList<>();
      categories.forEach(c -> counts.add(Request.cmd(Command.SCARD).arg(keys.category(c[0]))));
      Future<List<Response>> replies = counts.isEmpty() ? Future.succeededFuture(List.of()) : redis.batch(counts);
      return replies.map(n -> {
        JsonArray out = new JsonArray();
        for (int i = 0; i < categories.size(); i++) {
          out.add(new JsonObject().put("slug", categories.get(i)[0]).put("name", categories.get(i)[1])
              .put("productCount", n.get(i).toLong()));
        }
        return out;
      });
    });
  }

  /** Whether a backfill has completed, i.e. the read model may answer for the monolith. */
  public Future<Boolean> present() {
    return redis.send(Request.cmd(Command.HEXISTS).arg(keys.backfill()).arg("completedAt")).map(Response::toBoolean);
  }

  /** Code-point order, as PostgreSQL's "C" collation and Redis's byte order of UTF-8. */
  static int byCodePoint(String a, String b) {
    return java.util.Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
  }
}
