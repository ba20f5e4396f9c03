package dev.strangler.servicekit.backfill;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monolith's public product API read page by page in SKU order ({@code GET /api/products?sort=sku&size=&page=}),
 * each page versioned by the events' watermark read just before it is requested, handed to the service's own sink.
 * Progress is logged per page (pages, products, products/s). What a page's items become, and where the next page
 * is recorded, is the service's business.
 */
public final class ProductPages {

  private static final Logger LOG = LoggerFactory.getLogger(ProductPages.class);
  /** The monolith's largest page ({@code ProductQuery.MAX_SIZE}). */
  public static final int MAX_PAGE_SIZE = 100;
  public static final long CONNECT_TIMEOUT_MS = 5_000;
  public static final long IDLE_TIMEOUT_MS = 30_000;

  private final HttpClient http;
  private final URI monolith;
  private final int pageSize;
  private final Supplier<Future<Long>> watermark;

  /**
   * One page as served. {@code watermark} is the version its items may claim; {@code body} is the raw JSON (for a
   * decoder of the service's own), {@code items} the same items decoded by Vert.x.
   */
  public record Page(int number, long totalPages, long totalItems, long watermark, JsonArray items, Buffer body) {

    public boolean last() {
      return number + 1 >= totalPages;
    }
  }

  /** What a run read: pages {@code fromPage} to the last, {@code products} items in {@code millis}. */
  public record Summary(int fromPage, int pages, long products, long millis) {

    public double productsPerSecond() {
      return millis == 0 ? products : products * 1000.0 / millis;
    }
  }

  /** {@code watermark}: e.g. {@link StreamWatermark#read}, or {@link StreamWatermark#none} without events. */
  public ProductPages(HttpClient http, URI monolith, int pageSize, Supplier<Future<Long>> watermark) {
    this.http = Objects.requireNonNull(http, "http == null");
    this.monolith = Objects.requireNonNull(monolith, "monolith == null");
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new IllegalArgumentException("pageSize must be between 1 and " + MAX_PAGE_SIZE + " (the monolith's bound), got " + pageSize);
    }
    this.pageSize = pageSize;
    this.watermark = Objects.requireNonNull(watermark, "watermark == null");
  }

  public URI monolith() {
    return monolith;
  }

  /** Every page from {@code first} on, one after the other, each through {@code sink} before the next is requested. */
  public Future<Summary> each(int first, Function<Page, Future<?>> sink) {
    long started = System.nanoTime();
    LOG.info("backfill from {}: products from page {} ({} per page)", monolith, first, pageSize);
    return next(first, 0, sink).map(last -> {
      long millis = (System.nanoTime() - started) / 1_000_000;
      Summary summary = new Summary(first, last.number() + 1 - first, last.products(), millis);
      LOG.info("backfill from {} read {} products in {} pages, {} ms ({} products/s)", monolith, summary.products(), summary.pages(),
          millis, Math.round(summary.productsPerSecond()));
      return summary;
    });
  }

  private record Progress(int number, long products) {}

  private Future<Progress> next(int page, long products, Function<Page, Future<?>> sink) {
    return read(page).compose(p -> sink.apply(p).compose(v -> {
      long done = products + p.items().size();
      LOG.info("backfill page {}/{}: {} products so far of {}", page + 1, p.totalPages(), done, p.totalItems());
      return p.last() || p.items().isEmpty() ? Future.succeededFuture(new Progress(page, done)) : next(page + 1, done, sink);
    }));
  }

  /** One page, versioned by the watermark read before it was requested. */
  public Future<Page> read(int page) {
    return watermark.get().compose(version -> get("/api/products?sort=sku&size=" + pageSize + "&page=" + page).compose(body -> {
      try {
        JsonObject json = body.toJsonObject();
        JsonArray items = json.getJsonArray("items", new JsonArray());
        return Future.succeededFuture(new Page(page, json.getLong("totalPages", 0L), json.getLong("totalItems", 0L), version, items, body));
      } catch (DecodeException | ClassCastException e) {
        return Future.failedFuture(new IllegalStateException("product page " + page + " from " + monolith + " is not a page: " + e.getMessage(), e));
      }
    }));
  }

  /** {@code path} from the monolith as JSON text; anything but a 200 fails, naming the status and body. */
  public Future<Buffer> get(String path) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(monolith.resolve(path).toString())
        .putHeader("Accept", "application/json").setConnectTimeout(CONNECT_TIMEOUT_MS).setIdleTimeout(IDLE_TIMEOUT_MS);
    return http.request(options).compose(req -> req.send()).compose(resp -> resp.body().compose(body -> resp.statusCode() == 200
        ? Future.succeededFuture(body)
        : Future.failedFuture("GET " + monolith.resolve(path) + " answered " + resp.statusCode() + ": " + body)));
  }
}
