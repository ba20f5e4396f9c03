package dev.strangler.catalog.readmodel;

import dev.strangler.catalog.query.ProductQuery;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * One page of a product query, computed in Redis: the filters (category, stock, text, price range) are
 * intersected with the sorted set of the requested order (ZINTERSTORE, weights keep that order's
 * scores), then one ZRANGE reads the page. Only the page's products travel to the JVM.
 */
final class ProductSearch {

  /** Beyond any price the monolith's numeric(12, 2) can hold, and still exact as a double. */
  private static final BigDecimal MAX_CENTS = new BigDecimal("1000000000000000");

  private final Redis redis;
  private final ReadModelKeys keys;
  private final TextMatch text;

  ProductSearch(Redis redis, ReadModelKeys keys) {
    this.redis = redis;
    this.keys = keys;
    this.text = new TextMatch(redis, keys);
  }

  /** The page's product JSON documents and the total number of matches. */
  record Result(List<String> items, long total) {}

  Future<Result> search(ProductQuery q) {
    Temps temps = new Temps(keys);
    Future<String> textKey = q.text() == null ? Future.succeededFuture(null) : matchText(q.text(), temps);
    return textKey.compose(t -> page(q, t, temps)).eventually(() -> temps.release(redis));
  }

  private Future<String> matchText(String q, Temps temps) {
    String key = temps.next();
    return text.into(q, temps, key).map(key);
  }

  private Future<Result> page(ProductQuery q, String textKey, Temps temps) {
    List<Request> batch = new ArrayList<>();
    List<String> filters = new ArrayList<>();
    if (q.category() != null) {
      filters.add(keys.category(q.category()));
    }
    if (q.inStock() != null) {
      filters.add(keys.inStock(q.inStock()));
    }
    if (textKey != null) {
      filters.add(textKey);
    }
    if (q.minPrice() != null || q.maxPrice() != null) {
      String prices = temps.next();
      batch.add(Request.cmd(Command.ZRANGESTORE).arg(prices).arg(keys.sort("price", false))
          .arg(cents(q.minPrice(), RoundingMode.CEILING, "-inf")).arg(cents(q.maxPrice(), RoundingMode.FLOOR, "+inf"))
          .arg("BYSCORE"));
      filters.add(prices);
    }
    String order = keys.sort(q.sort().field(), q.sort().descending());
    String source = order;
    if (!filters.isEmpty()) {
      source = temps.next();
      Request intersect = Request.cmd(Command.ZINTERSTORE).arg(source).arg(filters.size() + 1).arg(order);
      filters.forEach(intersect::arg);
      intersect.arg("WEIGHTS").arg(1);
      filters.forEach(f -> intersect.arg(0));
      batch.add(intersect);
      batch.add(Temps.expire(source));
    }
    batch.add(Request.cmd(Command.ZCARD).arg(source));
    long start = q.offset();
    Request range = Request.cmd(Command.ZRANGE).arg(source).arg(start).arg(start + q.size() - 1);
    // SKU order has one set with equal scores: descending is its reverse. Other orders keep a set per
    // direction (negated scores), so ties always come out by SKU ascending, like the monolith's ", sku asc".
    if (q.sort().field().equals("sku") && q.sort().descending()) {
      range.arg("REV");
    }
    batch.add(range);
    return redis.batch(batch).compose(replies -> {
      long total = replies.get(replies.size() - 2).toLong();
      List<Request> reads = new ArrayList<>();
      replies.get(replies.size() - 1).forEach(sku -> reads.add(Request.cmd(Command.HGET).arg(keys.product(sku.toString())).arg("json")));
      if (reads.isEmpty()) {
        return Future.succeededFuture(new Result(List.of(), total));
      }
      return redis.batch(reads).map(docs -> {
        List<String> items = new ArrayList<>();
        for (Response doc : docs) {
          if (doc != null) {
            items.add(doc.toString());
          }
        }
        return new Result(items, total);
      });
    });
  }

  private static String cents(BigDecimal price, RoundingMode rounding, String unbounded) {
    if (price == null) {
      return unbounded;
    }
    BigDecimal cents = price.movePointRight(2).setScale(0, rounding);
    return cents.compareTo(MAX_CENTS) > 0 ? "+inf" : cents.toPlainString();
  }
}
