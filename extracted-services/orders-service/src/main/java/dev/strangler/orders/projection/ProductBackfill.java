package dev.strangler.orders.projection;

import dev.strangler.orders.store.Schema;
import dev.strangler.servicekit.backfill.ProductPages;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills the live product projection from the monolith's public product API (service-kit's {@link ProductPages}), for
 * products the events never brought (a stream trimmed below what the group saw). Each page is versioned by the product
 * stream's watermark and applied through the events' own guard ({@code applied_events}, the consumer group's row per
 * product), in one transaction with the next page to resume at: a product is written, and its guard moved to the
 * watermark, only when no event newer than the watermark was applied (an equal version: only when the page's
 * {@code updatedAt} is not older). So a page never overwrites a later event, and an event the page already holds is
 * skipped when it arrives. An interrupted run resumes at its next page; a completed run is recorded, and a new one
 * starts over.
 */
public final class ProductBackfill {

  private static final Logger LOG = LoggerFactory.getLogger(ProductBackfill.class);
  /** The monolith's aggregate type of product events: the guard rows' {@code aggregate_type}. */
  public static final String AGGREGATE = "Product";

  private final Pool pool;
  private final Schema schema;
  private final String group;
  private final ProductPages pages;
  private final String upsert;

  /** What a run did: products read, {@code written} (the rest were kept: an event had brought newer state). */
  public record Report(long products, long written, int fromPage, int pages, long millis) {

    public long kept() {
      return products - written;
    }
  }

  /** {@code group}: the consumer group whose guard rows version the products (the events' group). */
  public ProductBackfill(Pool pool, Schema schema, String group, ProductPages pages) {
    this.pool = Objects.requireNonNull(pool, "pool == null");
    this.schema = Objects.requireNonNull(schema, "schema == null");
    this.group = Objects.requireNonNull(group, "group == null");
    this.pages = Objects.requireNonNull(pages, "pages == null");
    String guard = schema.table("applied_events");
    String products = schema.table("products");
    this.upsert = "with guard as (insert into " + guard + " as g (consumer_group, aggregate_type, aggregate_id, sequence)"
        + " values ($6::text, '" + AGGREGATE + "', $1::text, $7::bigint)"
        + " on conflict (consumer_group, aggregate_type, aggregate_id) do update set sequence = excluded.sequence"
        + " where g.sequence < excluded.sequence or (g.sequence = excluded.sequence and not exists"
        + " (select 1 from " + products + " p where p.sku = excluded.aggregate_id and p.updated_at > $5::timestamptz)) returning 1)"
        + " insert into " + products + " (sku, name, price, stock, updated_at)"
        + " select $1::text, $2::text, $3::numeric, $4::int, $5::timestamptz from guard"
        + " on conflict (sku) do update set name = excluded.name, price = excluded.price, stock = excluded.stock,"
        + " updated_at = excluded.updated_at";
  }

  /** Whether a run has completed here (then a start needs none: events keep the projection current). */
  public Future<Boolean> completed() {
    return pool.query("select exists (select 1 from " + schema.table("product_backfill") + " where completed_at is not null)")
        .execute().map(rows -> rows.iterator().next().getBoolean(0));
  }

  public Future<Report> run() {
    AtomicLong written = new AtomicLong();
    return startPage().compose(first -> pages.each(first, page -> pool.withTransaction(tx -> apply(tx, page)
            .compose(n -> {
              written.addAndGet(n);
              return tx.preparedQuery("update " + schema.table("product_backfill") + " set next_page = $1").execute(Tuple.of(page.number() + 1));
            })))
        .map(s -> new Report(s.products(), written.get(), first, s.pages(), s.millis())))
        .compose(report -> pool.preparedQuery("update " + schema.table("product_backfill")
                + " set completed_at = now(), products = $1, next_page = 0").execute(Tuple.of(report.products()))
            .map(report))
        .onSuccess(r -> LOG.info("product backfill from {} complete: {} products in {} pages from page {}, {} written, {} kept"
            + " (newer from events), {} ms", pages.monolith(), r.products(), r.pages(), r.fromPage(), r.written(), r.kept(), r.millis()));
  }

  /** Where an interrupted run stopped; 0 for a first run or after a completed one (which a new run repeats). */
  private Future<Integer> startPage() {
    String table = schema.table("product_backfill");
    return pool.preparedQuery("insert into " + table + " (source) values ($1) on conflict (id) do update set source = excluded.source,"
            + " next_page = case when " + table + ".completed_at is null then " + table + ".next_page else 0 end,"
            + " started_at = case when " + table + ".completed_at is null then " + table + ".started_at else now() end,"
            + " completed_at = null returning next_page")
        .execute(Tuple.of(pages.monolith().toString()))
        .map(rows -> rows.iterator().next().getInteger("next_page"));
  }

  /** The page's products at its watermark; yields how many were written. */
  private Future<Long> apply(SqlConnection tx, ProductPages.Page page) {
    if (page.items().isEmpty()) {
      return Future.succeededFuture(0L);
    }
    List<Tuple> batch = new ArrayList<>(page.items().size());
    for (int i = 0; i < page.items().size(); i++) {
      Tuple row = Product.fromJson(page.items().getJsonObject(i)).columns();
      batch.add(row.addString(group).addLong(page.watermark()));
    }
    return tx.preparedQuery(upsert).executeBatch(batch).map(ProductBackfill::rowCounts);
  }

  private static long rowCounts(RowSet<Row> first) {
    long n = 0;
    for (RowSet<Row> r = first; r != null; r = r.next()) {
      n += r.rowCount();
    }
    return n;
  }
}
