package dev.strangler.proxy.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CacheabilityTest {

  private static final Duration TTL = Duration.ofSeconds(30);

  private static Duration ttl(int status, String... headers) {
    return ttl(status, false, headers);
  }

  /** How long the answer is fresh on a route without {@code keep}; null when it is not kept. */
  private static Duration ttl(int status, boolean oneUser, String... headers) {
    Cacheability.Lifetime lifetime = lifetime(status, Duration.ZERO, oneUser, headers);
    if (lifetime != null) {
      assertThat(lifetime.keep()).isZero();
    }
    return lifetime == null ? null : lifetime.fresh();
  }

  private static Cacheability.Lifetime lifetime(int status, Duration keep, boolean oneUser, String... headers) {
    return lifetime(status, keep, Duration.ZERO, oneUser, headers);
  }

  private static Cacheability.Lifetime lifetime(int status, Duration keep, Duration staleIfError, String... headers) {
    return lifetime(status, keep, staleIfError, false, headers);
  }

  private static Cacheability.Lifetime lifetime(int status, Duration keep, Duration staleIfError, boolean oneUser,
                                                String... headers) {
    MultiMap map = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i + 1 < headers.length; i += 2) {
      map.add(headers[i], headers[i + 1]);
    }
    return Cacheability.lifetime(status, map, TTL, keep, staleIfError, List.of("Accept-Language"), oneUser);
  }

  @Test
  void anAnswerMayStandInForAFailureUnlessItSaysItMustBeRevalidatedOnceStale() {
    Duration window = Duration.ofHours(1);

    assertThat(lifetime(200, Duration.ZERO, window)).isEqualTo(new Cacheability.Lifetime(TTL, Duration.ZERO, window));
    assertThat(lifetime(404, Duration.ZERO, window)).isEqualTo(new Cacheability.Lifetime(TTL, Duration.ZERO, window));
    assertThat(lifetime(200, Duration.ZERO, window, "Cache-Control", "max-age=0"))
        .as("stale at once, may still stand in").isEqualTo(new Cacheability.Lifetime(Duration.ZERO, Duration.ZERO, window));
    for (String forbids : new String[] {"must-revalidate", "proxy-revalidate", "s-maxage=10", "no-cache"}) {
      Cacheability.Lifetime lifetime = lifetime(200, Duration.ofMinutes(1), window, "ETag", "\"v1\"", "Cache-Control", forbids);
      assertThat(lifetime.staleIfError()).as(forbids).isZero();
      assertThat(lifetime.keep()).as(forbids + ": may still be revalidated").isEqualTo(Duration.ofMinutes(1));
    }
    assertThat(lifetime(200, Duration.ZERO, window, "Cache-Control", "no-cache")).isNull();
    assertThat(new Cacheability.Lifetime(TTL, Duration.ofMinutes(1), window).afterFresh()).isEqualTo(window);
  }

  @Test
  void onARouteThatKeepsAnswersA200WithAValidatorIsKeptLongerToBeRevalidated() {
    Duration keep = Duration.ofMinutes(10);

    assertThat(lifetime(200, keep, false, "ETag", "\"v1\"")).isEqualTo(new Cacheability.Lifetime(TTL, keep, Duration.ZERO));
    assertThat(lifetime(200, keep, false, "Last-Modified", "Sun, 29 Nov 2026 10:00:00 GMT"))
        .isEqualTo(new Cacheability.Lifetime(TTL, keep, Duration.ZERO));
    assertThat(lifetime(200, keep, false)).as("nothing to revalidate with").isEqualTo(new Cacheability.Lifetime(TTL, Duration.ZERO, Duration.ZERO));
    assertThat(lifetime(404, keep, false, "ETag", "\"v1\"")).as("only a 200").isEqualTo(new Cacheability.Lifetime(TTL, Duration.ZERO, Duration.ZERO));
    assertThat(lifetime(200, keep, false, "ETag", "\"v1\"", "Cache-Control", "no-store")).isNull();
    assertThat(lifetime(200, keep, false, "ETag", "\"v1\"", "Set-Cookie", "a=b")).isNull();
  }

  @Test
  void noCacheAndMaxAgeZeroAreKeptNeverFreshWhereTheRouteRevalidatesElseNotAtAll() {
    Duration keep = Duration.ofMinutes(10);

    assertThat(lifetime(200, keep, false, "ETag", "\"v1\"", "Cache-Control", "no-cache"))
        .isEqualTo(new Cacheability.Lifetime(Duration.ZERO, keep, Duration.ZERO));
    assertThat(lifetime(200, keep, false, "ETag", "\"v1\"", "Cache-Control", "public, max-age=0"))
        .isEqualTo(new Cacheability.Lifetime(Duration.ZERO, keep, Duration.ZERO));
    assertThat(lifetime(200, keep, false, "ETag", "\"v1\"", "Cache-Control", "no-cache=\"X-Token\""))
        .isEqualTo(new Cacheability.Lifetime(Duration.ZERO, keep, Duration.ZERO));
    assertThat(lifetime(200, keep, false, "Cache-Control", "no-cache")).as("no validator").isNull();
    assertThat(lifetime(200, Duration.ZERO, false, "ETag", "\"v1\"", "Cache-Control", "no-cache")).isNull();
  }

  @Test
  void keepsTheCacheableStatusesForTheRoutesTtl() {
    for (int status : new int[] {200, 203, 204, 300, 301, 308, 404, 410}) {
      assertThat(ttl(status)).as("status %d", status).isEqualTo(TTL);
    }
    for (int status : new int[] {201, 202, 206, 302, 303, 304, 307, 400, 401, 403, 405, 429, 500, 502, 503, 504}) {
      assertThat(ttl(status)).as("status %d", status).isNull();
    }
  }

  @Test
  void anAnswersOwnShorterLifetimeWinsAndSharedMaxAgeBeforeMaxAge() {
    assertThat(ttl(200, "Cache-Control", "public, max-age=5")).isEqualTo(Duration.ofSeconds(5));
    assertThat(ttl(200, "Cache-Control", "max-age=3600")).isEqualTo(TTL);
    assertThat(ttl(200, "Cache-Control", "max-age=5, s-maxage=10")).isEqualTo(Duration.ofSeconds(10));
    assertThat(ttl(200, "Cache-Control", "s-maxage=0")).isNull();
    assertThat(ttl(200, "Cache-Control", "max-age=soon")).as("an invalid max-age is stale").isNull();
  }

  @Test
  void neverKeepsWhatAnAnswerForbidsOrMayBeSomeoneElses() {
    assertThat(ttl(200, "Cache-Control", "No-Store")).isNull();
    assertThat(ttl(200, "Cache-Control", "no-cache=\"Set-Cookie\"")).isNull();
    assertThat(ttl(200, "Cache-Control", "private")).isNull();
    assertThat(ttl(200, true, "Cache-Control", "private")).as("one verified user's key").isEqualTo(TTL);
    assertThat(ttl(200, "Set-Cookie", "a=b")).isNull();
    assertThat(ttl(200, "Vary", "accept-language")).isEqualTo(TTL);
    assertThat(ttl(200, "Vary", "Accept-Language, Accept-Encoding")).isNull();
    assertThat(ttl(200, "Vary", "*")).isNull();
  }

  @Test
  void keysSortTheQueryByNameKeepingRepeatedValuesInOrder() {
    assertThat(CacheKey.sortedQuery("b=2&a=1&&c")).isEqualTo("a=1&b=2&c");
    assertThat(CacheKey.sortedQuery("a=2&b=1&a=1")).isEqualTo("a=2&a=1&b=1");
    assertThat(CacheKey.of("r", "legacy", "GET", "Shop.Example", "/p", "b=2&a=1", List.of("Accept"), h -> null, null))
        .isEqualTo(CacheKey.of("r", "legacy", "GET", "shop.example", "/p", "a=1&b=2", List.of("accept"), h -> null, null))
        .isNotEqualTo(CacheKey.of("r", "legacy", "GET", "shop.example", "/p", "a=1&b=2", List.of("accept"), h -> "x", null))
        .isNotEqualTo(CacheKey.of("r", "svc", "GET", "shop.example", "/p", "a=1&b=2", List.of("accept"), h -> null, null))
        .isNotEqualTo(CacheKey.of("r", "legacy", "GET", "shop.example", "/p", "a=1&b=2", List.of("accept"), h -> null, "7"));
  }
}
