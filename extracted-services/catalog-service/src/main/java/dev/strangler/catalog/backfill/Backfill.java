package dev.strangler.catalog.backfill;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.strangler.catalog.readmodel.CategorySnapshot;
import dev.strangler.catalog.readmodel.ProductProjection;
import dev.strangler.catalog.readmodel.ProductProjection.Outcome;
import dev.strangler.catalog.readmodel.ProductSnapshot;
import dev.strangler.catalog.readmodel.ReadModelKeys;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills the read model from the monolith's public API: its categories, then every product, page by
 * page in SKU order, through the {@link ProductProjection} (so a re-run changes nothing and a stale page
 * never overwrites newer data). The next page is recorded after each one: an interrupted run resumes
 * there; a completed one is marked, and a later run starts over.
 */
public final class Backfill {

  private static final Logger LOG = LoggerFactory.getLogger(Backfill.class);
  public static final int DEFAULT_PAGE_SIZE = 100;
  private static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

  private final HttpClient http;
  private final URI monolith;
  private final ProductProjection projection;
  private final Redis redis;
  private final ReadModelKeys keys;
  private final int pageSize;
  private final Supplier<Future<Long>> watermark;

  /** What a run did; {@code outcomes} counts each projection outcome. */
  public record Report(int categories, long products, int fromPage, int pages, Map<Outcome, Long> outcomes) {}

  /** A backfill without events: snapshots carry no version, the newer {@code updatedAt} wins. */
  public Backfill(HttpClient http, URI monolith, ProductProjection projection, Redis redis, ReadModelKeys keys, int pageSize) {
    this(http, monolith, projection, redis, keys, pageSize, () -> Future.succeededFuture(0L));
  }

  /**
   * {@code watermark} reads how far product events have been published (e.g. {@code ProductEventsWatermark::read});
   * read before each page, it versions that page's snapshots so they never overwrite state from a later event.
   */
  public Backfill(HttpClient http, URI monolith, ProductProjection projection, Redis redis, ReadModelKeys keys, int pageSize,
      Supplier<Future<Long>> watermark) {
    this.http = Objects.requireNonNull(http, "http == null");
    this.monolith = Objects.requireNonNull(monolith, "monolith == null");
    this.projection = Objects.requireNonNull(projection, "projection == null");
    this.redis = Objects.requireNonNull(redis, "redis == null");
    this.keys = Objects.requireNonNull(keys, "keys == null");
    if (pageSize < 1 || pageSize > 100) {
      throw new IllegalArgumentException("pageSize must be between 1 and 100 (the monolith's bound), got " + pageSize);
    }
    this.pageSize = pageSize;
    this.watermark = Objects.requireNonNull(watermark, "watermark == null");
  }

  public Future<Report> run() {
    return get("/api/categories").compose(categories -> {
      List<CategorySnapshot> list = new ArrayList<>();
      categories.forEach(c -> list.add(new CategorySnapshot(c.path("slug").asText(), c.path("name").asText())));
      return projection.putCategories(list).map(list.size());
    }).compose(categories -> startPage().compose(first -> {
      LOG.info("backfill from {}: {} categories, products from page {} ({} per page)", monolith, categories, first, pageSize);
      return pages(first, first, new EnumMap<>(Outcome.class), 0)
          .map(r -> new Report(categories, r.products(), first, r.pages(), r.outcomes()));
    })).compose(report -> redis.send(Request.cmd(Command.HSET).arg(keys.backfill()).arg("completedAt").arg(Instant.now().toString())
            .arg("products").arg(report.products()).arg("from").arg(monolith.toString()))
        .compose(v -> redis.send(Request.cmd(Command.HDEL).arg(keys.backfill()).arg("nextPage")))
        .map(report)
        .onSuccess(r -> LOG.info("backfill complete: {} products in {} pages, {}", r.products(), r.pages(), r.outcomes())));
  }

  /** Where an interrupted run stopped; 0 for a first or a repeated run. */
  private Future<Integer> startPage() {
    return redis.send(Request.cmd(Command.HGET).arg(keys.backfill()).arg("nextPage"))
        .map(r -> r == null ? 0 : r.toInteger());
  }

  private Future<Report> pages(int first, int page, Map<Outcome, Long> outcomes, long products) {
    return watermark.get().compose(version -> get("/api/products?sort=sku&size=" + pageSize + "&page=" + page).compose(body -> {
      List<Future<Outcome>> applied = new ArrayList<>();
      body.path("items").forEach(item -> applied.add(projection.apply(ProductSnapshot.fromJson(item), version)));
      long totalPages = body.path("totalPages").asLong();
      return Future.all(applied).compose(all -> {
        applied.forEach(f -> outcomes.merge(f.result(), 1L, Long::sum));
        long done = products + applied.size();
        LOG.info("backfill page {}/{}: {} products so far of {}", page + 1, totalPages, done, body.path("totalItems").asLong());
        return redis.send(Request.cmd(Command.HSET).arg(keys.backfill()).arg("nextPage").arg(page + 1)).compose(v ->
            page + 1 < totalPages
                ? pages(first, page + 1, outcomes, done)
                : Future.succeededFuture(new Report(0, done, first, page + 1 - first, Map.copyOf(outcomes))));
      });
    }));
  }

  private Future<JsonNode> get(String path) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(monolith.resolve(path).toString())
        .putHeader("Accept", "application/json").setConnectTimeout(5_000).setIdleTimeout(30_000);
    return http.request(options).compose(req -> req.send()).compose(resp -> resp.body().compose(body -> {
      if (resp.statusCode() != 200) {
        return Future.failedFuture("GET " + path + " answered " + resp.statusCode() + ": " + body);
      }
      try {
        return Future.succeededFuture(JSON.readTree(body.getBytes()));
      } catch (IOException e) {
        return Future.failedFuture(new IllegalStateException("GET " + path + " is not JSON: " + e.getMessage(), e));
      }
    }));
  }
}
