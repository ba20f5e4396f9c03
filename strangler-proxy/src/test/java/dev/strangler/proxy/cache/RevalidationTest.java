package dev.strangler.proxy.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When a kept answer is the client's copy already (RFC 9110 §13.1.2–3, compared as RFC 9111 §4.3.2 says). */
class RevalidationTest {

  /** 2026-11-30T12:00:00Z, after every date below but the future one. */
  private static final long NOW = 1_796_040_000_000L;

  private static CachedResponse kept(int status, String... headers) {
    List<Map.Entry<String, String>> list = new java.util.ArrayList<>();
    for (int i = 0; i < headers.length; i += 2) {
      list.add(Map.entry(headers[i], headers[i + 1]));
    }
    return new CachedResponse(status, list, Buffer.buffer("body"), 0);
  }

  private static MultiMap request(String... headers) {
    MultiMap map = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < headers.length; i += 2) {
      map.add(headers[i], headers[i + 1]);
    }
    return map;
  }

  @Test
  void entityTagsCompareWeaklyAnywhereInTheList() {
    CachedResponse strong = kept(200, "ETag", "\"v2\"");
    CachedResponse weak = kept(200, "etag", "W/\"v2\"");

    assertThat(Revalidation.notModified(request("If-None-Match", "\"v2\""), strong, NOW)).isTrue();
    assertThat(Revalidation.notModified(request("If-None-Match", "W/\"v2\""), strong, NOW)).isTrue();
    assertThat(Revalidation.notModified(request("If-None-Match", "\"v2\""), weak, NOW)).isTrue();
    assertThat(Revalidation.notModified(request("If-None-Match", "\"v1\", W/\"v2\""), strong, NOW)).isTrue();
    assertThat(Revalidation.notModified(request("If-None-Match", "\"v1\"", "If-None-Match", "\"v2\""), strong, NOW)).isTrue();
    assertThat(Revalidation.notModified(request("If-None-Match", "*"), strong, NOW)).isTrue();
    assertThat(Revalidation.notModified(request("If-None-Match", "\"v1\", \"v3\""), strong, NOW)).isFalse();
    assertThat(Revalidation.notModified(request("If-None-Match", "\"V2\""), strong, NOW)).as("case matters").isFalse();
  }

  @Test
  void aTagMayHoldACommaSoTheListIsScannedNotSplit() {
    CachedResponse comma = kept(200, "ETag", "\"a,b\"");

    assertThat(Revalidation.notModified(request("If-None-Match", "\"x\", \"a,b\""), comma, NOW)).isTrue();
    assertThat(Revalidation.notModified(request("If-None-Match", "\"a\", \"b\""), comma, NOW)).isFalse();
  }

  @Test
  void anythingMalformedOrMissingMeansTheFullAnswer() {
    CachedResponse tagged = kept(200, "ETag", "\"v2\"");

    assertThat(Revalidation.notModified(request("If-None-Match", "v2"), tagged, NOW)).as("unquoted").isFalse();
    assertThat(Revalidation.notModified(request("If-None-Match", "\"v2"), tagged, NOW)).as("unterminated").isFalse();
    assertThat(Revalidation.notModified(request("If-None-Match", "\"v2\""), kept(200), NOW)).as("no kept tag").isFalse();
    assertThat(Revalidation.notModified(request("If-None-Match", "\"v2\""), kept(200, "ETag", "v2"), NOW))
        .as("a kept tag that is none").isFalse();
    assertThat(Revalidation.notModified(request(), tagged, NOW)).as("unconditional").isFalse();
    assertThat(Revalidation.notModified(request("If-None-Match", "\"v2\""), kept(404, "ETag", "\"v2\""), NOW))
        .as("only a kept 200").isFalse();
  }

  @Test
  void ifModifiedSinceComparesWithTheKeptLastModifiedInEveryHttpDateFormat() {
    CachedResponse dated = kept(200, "Last-Modified", "Sun, 29 Nov 2026 10:00:00 GMT");

    assertThat(Revalidation.notModified(request("If-Modified-Since", "Sun, 29 Nov 2026 10:00:00 GMT"), dated, NOW)).isTrue();
    assertThat(Revalidation.notModified(request("If-Modified-Since", "Sun, 29 Nov 2026 11:00:00 GMT"), dated, NOW)).isTrue();
    assertThat(Revalidation.notModified(request("If-Modified-Since", "Sunday, 29-Nov-26 10:00:00 GMT"), dated, NOW))
        .as("RFC 850").isTrue();
    assertThat(Revalidation.notModified(request("If-Modified-Since", "Sun Nov 29 10:00:00 2026"), dated, NOW))
        .as("asctime").isTrue();
    assertThat(Revalidation.notModified(request("If-Modified-Since", "Sun, 29 Nov 2026 09:59:59 GMT"), dated, NOW)).isFalse();
    assertThat(Revalidation.notModified(request("If-Modified-Since", "yesterday"), dated, NOW)).isFalse();
    assertThat(Revalidation.notModified(request("If-Modified-Since", "Tue, 01 Dec 2026 10:00:00 GMT"), dated, NOW))
        .as("a date in the future is invalid").isFalse();
    assertThat(Revalidation.notModified(request("If-Modified-Since", "Sun, 29 Nov 2026 10:00:00 GMT"), kept(200), NOW))
        .as("no kept Last-Modified").isFalse();
  }

  @Test
  void ifNoneMatchDecidesAloneWhenPresent() {
    CachedResponse both = kept(200, "ETag", "\"v2\"", "Last-Modified", "Sun, 29 Nov 2026 10:00:00 GMT");

    assertThat(Revalidation.notModified(request("If-None-Match", "\"v1\"", "If-Modified-Since", "Sun, 29 Nov 2026 11:00:00 GMT"),
        both, NOW)).isFalse();
  }

  @Test
  void a304RepeatsOnlyWhatDescribesTheKeptAnswer() {
    assertThat(List.of("ETag", "Cache-Control", "Vary", "Expires", "Content-Location", "Last-Modified"))
        .allMatch(Revalidation::keptOn304);
    assertThat(List.of("Content-Type", "Content-Length", "Content-Encoding", "X-Custom")).noneMatch(Revalidation::keptOn304);
  }
}
