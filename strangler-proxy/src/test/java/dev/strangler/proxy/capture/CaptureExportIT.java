package dev.strangler.proxy.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.compare.capture.CaptureLines;
import dev.strangler.compare.capture.CapturedExchange;
import dev.strangler.compare.capture.CapturedRequest;
import dev.strangler.compare.capture.CapturedResponse;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.StreamEntryID;

/** GET /admin/capture streams the capture as JSON Lines, page by page in order; DELETE clears it; both behind tokens. */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class CaptureExportIT {

  /** Entries are added with explicit ids {@code <BASE + i>-0}, so times and ids are known. */
  private static final long BASE = 1_764_396_000_000L;
  private static final int ENTRIES = 1234;

  private CaptureProxy proxy;

  @BeforeEach
  void start(Vertx vertx, RedisNamespace ns, @TempDir Path dir) {
    proxy = CaptureProxy.start(vertx, dir, CaptureIT.TABLE.formatted("http://127.0.0.1:9"), ns.endpoint().uri(), ns.prefix(),
        Map.of());
    try (var jedis = ns.endpoint().connect(); var pipeline = jedis.pipelined()) {
      for (int i = 0; i < ENTRIES; i++) {
        String route = i % 3 == 0 ? "b" : "a";
        pipeline.xadd(ns.key("capture"), new StreamEntryID(BASE + i, 0),
            Map.of(CaptureSink.ROUTE_FIELD, route, CaptureSink.LINE_FIELD, line(route, i)));
      }
      pipeline.sync();
    }
  }

  @AfterEach
  void stop() {
    proxy.stop();
  }

  @Test
  void theExportPagesThroughMoreThan500EntriesInOrder() {
    CaptureProxy.Reply reply = proxy.admin(HttpMethod.GET, "/admin/capture", CaptureProxy.READER);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.headers().get("Content-Type")).isEqualTo("application/x-ndjson");
    assertThat(reply.text()).endsWith("\n");
    assertThat(proxy.export("")).extracting(e -> e.request().uri()).containsExactlyElementsOf(uris(0, ENTRIES));
  }

  @Test
  void oneRoutesEntriesComeInOrderAcrossPages() {
    List<String> expected = IntStream.range(0, ENTRIES).filter(i -> i % 3 == 0).mapToObj(i -> "/n/" + i).toList();

    assertThat(proxy.export("route=b")).extracting(e -> e.request().uri()).containsExactlyElementsOf(expected);
    assertThat(proxy.export("route=b")).allSatisfy(e -> assertThat(e.route()).isEqualTo("b"));
    assertThat(proxy.export("route=nobody")).isEmpty();
  }

  @Test
  void aLimitStopsTheExportAfterThatManyLines() {
    assertThat(proxy.export("limit=700")).extracting(e -> e.request().uri()).containsExactlyElementsOf(uris(0, 700));
    assertThat(proxy.export("route=b&limit=3")).extracting(e -> e.request().uri()).containsExactly("/n/0", "/n/3", "/n/6");
  }

  @Test
  void sinceAnInstantStartsThereAndSinceAStreamIdStartsAfterIt() {
    assertThat(proxy.export("since=" + Instant.ofEpochMilli(BASE + 1000)))
        .extracting(e -> e.request().uri()).containsExactlyElementsOf(uris(1000, ENTRIES));
    assertThat(proxy.export("since=" + (BASE + 999) + "-0")).extracting(e -> e.request().uri())
        .containsExactlyElementsOf(uris(1000, ENTRIES));
    assertThat(proxy.export("since=" + Instant.ofEpochMilli(BASE + ENTRIES))).isEmpty();
  }

  @Test
  void badParametersAreProblemsNamingTheParameter() {
    Map<String, String> cases = Map.of(
        "since=yesterday", "since: ",
        "limit=0", "limit: ",
        "limit=ten", "limit: ",
        "route=a%2Fb", "route: ",
        "format=csv", "format: unknown parameter");
    cases.forEach((query, detail) -> {
      CaptureProxy.Reply reply = proxy.admin(HttpMethod.GET, "/admin/capture?" + query, CaptureProxy.READER);
      assertThat(reply.status()).as(query).isEqualTo(400);
      assertThat(reply.headers().get("Content-Type")).isEqualTo("application/problem+json");
      assertThat(new JsonObject(reply.text()).getString("detail")).as(query).startsWith(detail);
    });
    CaptureProxy.Reply reply = proxy.admin(HttpMethod.DELETE, "/admin/capture?route=a/b", CaptureProxy.WRITER);
    assertThat(reply.status()).isEqualTo(400);
    assertThat(new JsonObject(reply.text()).getString("detail")).startsWith("route: ");
  }

  @Test
  void readingNeedsAValidTokenAndClearingTheWriterToken() {
    CaptureProxy.Reply none = proxy.admin(HttpMethod.GET, "/admin/capture", null);
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.headers().get("WWW-Authenticate")).startsWith("Bearer");
    assertThat(proxy.admin(HttpMethod.GET, "/admin/capture", "not-a-token-0123456789").status()).isEqualTo(401);
    assertThat(proxy.admin(HttpMethod.DELETE, "/admin/capture", null).status()).isEqualTo(401);
    assertThat(proxy.admin(HttpMethod.DELETE, "/admin/capture", CaptureProxy.READER).status()).isEqualTo(403);
    assertThat(proxy.admin(HttpMethod.GET, "/admin/capture?limit=1", CaptureProxy.WRITER).status()).isEqualTo(200);
    assertThat(proxy.export("")).hasSize(ENTRIES);
  }

  @Test
  void clearingOneRouteLeavesTheOthersAndClearingAllLeavesNothing() {
    long routeB = IntStream.range(0, ENTRIES).filter(i -> i % 3 == 0).count();

    CaptureProxy.Reply one = proxy.admin(HttpMethod.DELETE, "/admin/capture?route=b", CaptureProxy.WRITER);

    assertThat(one.status()).isEqualTo(200);
    assertThat(new JsonObject(one.text()).getLong("deleted")).isEqualTo(routeB);
    assertThat(proxy.export("route=b")).isEmpty();
    assertThat(proxy.export("")).hasSize((int) (ENTRIES - routeB)).allSatisfy(e -> assertThat(e.route()).isEqualTo("a"));

    CaptureProxy.Reply all = proxy.admin(HttpMethod.DELETE, "/admin/capture", CaptureProxy.WRITER);

    assertThat(new JsonObject(all.text()).getLong("deleted")).isEqualTo(ENTRIES - routeB);
    CaptureProxy.Reply empty = proxy.admin(HttpMethod.GET, "/admin/capture", CaptureProxy.READER);
    assertThat(empty.status()).isEqualTo(200);
    assertThat(empty.text()).isEmpty();
  }

  private static List<String> uris(int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> "/n/" + i).toList();
  }

  private static String line(String route, int i) {
    return CaptureLines.write(new CapturedExchange(Instant.ofEpochMilli(BASE + i), route, 1, null, "safe",
        new CapturedRequest("GET", "/n/" + i, Map.of(), null, false),
        new CapturedResponse(200, Map.of("content-type", List.of("text/plain")), ("body " + i).getBytes(), false, 1.0,
            "legacy")));
  }
}
