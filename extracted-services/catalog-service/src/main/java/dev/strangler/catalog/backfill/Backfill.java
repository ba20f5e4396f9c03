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
import dev.strangler.servicekit.backfill.ProductPages;
import dev.strangler.servicekit.backfill.StreamWatermark;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
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
 * page in SKU order (service-kit's {@link ProductPages}), through the {@link ProductProjection} (so a re-run changes
 * nothing and a stale page never overwrites newer data). The next page is recorded after each one: an interrupted
 * run resumes there; a completed one is marked, and a later run starts over.
 */
public final class Backfill {

  private static final Logger LOG = LoggerFactory.getLogger(Backfill.class);
  public static final int DEFAULT_PAGE_SIZE = ProductPages.MAX_PAGE_SIZE;
  private static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

  private final ProductPages pages;
  private final ProductProjection projection;
  private final Redis redis;
  private final ReadModelKeys keys;

  /** What a run did; {@code outcomes} counts each projection outcome. */
  public record Report(int categories, long products, int fromPage, int pages, Map<Outcome, Long> outcomes) {}

  /** A backfill without events: snapshots carry no version, the newer {@code updatedAt} wins. */
  public Backfill(HttpClient http, URI monolith, ProductProjection projection, Redis redis, ReadModelKeys keys, int pageSize) {
    this(http, monolith, projection, redis, keys, pageSize, StreamWatermark::none);
  }

  /**
   * {@code watermark} reads how far product events have been published (e.g. {@code StreamWatermark::read});
   * read before each page, it versions that page's snapshots so they never overwrite state from a later event.
   */
  public Backfill(HttpClient http, URI monolith, ProductProjection projection, Redis redis, ReadModelKeys keys, int pageSize,
      Supplier<Future<Long>> watermark) {
    this.pages = new ProductPages(http, monolith, pageSize, watermark);
    this.projection = Objects.requireNonNull(projection, "projection == null");
    this.redis = Objects.requireNonNull(redis, "redis == null");
    this.keys = Objects.requireNonNull(keys, "keys == null");
  }

  public Future<Report> run() {
    Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
    return pages.get("/api/categories").compose(Backfill::json).compose(categories -> {
      List<CategorySnapshot> list = new ArrayList<>();
      categories.forEach(c -> list.add(new CategorySnapshot(c.path("slug").asText(), c.path("name").asText())));
      return projection.putCategories(list).map(list.size());
    }).compose(categories -> startPage().compose(first -> {
      LOG.info("backfill from {}: {} categories", pages.monolith(), categories);
      return pages.each(first, page -> apply(page, outcomes))
          .map(s -> new Report(categories, s.products(), first, s.pages(), Map.copyOf(outcomes)));
    })).compose(report -> redis.send(Request.cmd(Command.HSET).arg(keys.backfill()).arg("completedAt").arg(Instant.now().toString())
            .arg("products").arg(report.products()).arg("from").arg(pages.monolith().toString()))
        .compose(v -> redis.send(Request.cmd(Command.HDEL).arg(keys.backfill()).arg("nextPage")))
        .map(report)
        .onSuccess(r -> LOG.info("backfill complete: {} products in {} pages, {}", r.products(), r.pages(), r.outcomes())));
  }

  /** Where an interrupted run stopped; 0 for a first or a repeated run. */
  private Future<Integer> startPage() {
    return redis.send(Request.cmd(Command.HGET).arg(keys.backfill()).arg("nextPage"))
        .map(r -> r == null ? 0 : r.toInteger());
  }

  /** The page's snapshots (decoded with exact decimals) at its watermark, then the next page recorded. */
  private Future<Void> apply(ProductPages.Page page, Map<Outcome, Long> outcomes) {
    return json(page.body()).compose(body -> {
      List<Future<Outcome>> applied = new ArrayList<>();
      body.path("items").forEach(item -> applied.add(projection.apply(ProductSnapshot.fromJson(item), page.watermark())));
      return Future.all(applied).compose(all -> {
        applied.forEach(f -> outcomes.merge(f.result(), 1L, Long::sum));
        return redis.send(Request.cmd(Command.HSET).arg(keys.backfill()).arg("nextPage").arg(page.number() + 1)).mapEmpty();
      });
    });
  }

  private static Future<JsonNode> json(Buffer body) {
    try {
      return Future.succeededFuture(JSON.readTree(body.getBytes()));
    } catch (IOException e) {
      return Future.failedFuture(new IllegalStateException("the monolith's answer is not JSON: " + e.getMessage(), e));
    }
  }
}
