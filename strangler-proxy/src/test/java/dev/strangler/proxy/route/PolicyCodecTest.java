package dev.strangler.proxy.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Caches, rate limits and cache invalidation as data: YAML/JSON, the one-line form, and shape problems. */
class PolicyCodecTest {

  private static final String TABLE = """
      apiVersion: strangler/v1
      backends: {legacy: {urls: ["http://h:1"]}}
      routes:
        - id: product
          match: {path: "/api/products/{sku}", methods: [GET, HEAD]}
          target: legacy
          cache: {ttl: 30s, vary: [Accept-Language], userScoped: false, tags: ["product:{sku}"]}
          rateLimit: {rate: 100/s, burst: 20, key: ip, onRedisDown: open}
      cacheInvalidation:
        - {stream: product, tag: "product:{aggregateId}"}
        - {stream: product, type: ProductCreated, tag: "products:list"}
      """;

  @Test
  void readsACacheARateLimitAndInvalidationRules() {
    RouteTableDefinition table = RouteTableCodec.parse(TABLE);

    RouteOptions o = table.route("product").orElseThrow().options();
    assertThat(o.cache()).isEqualTo(new CachePolicy(Duration.ofSeconds(30), List.of("Accept-Language"), false, List.of("product:{sku}")));
    assertThat(o.rateLimit()).isEqualTo(new RateLimitPolicy(new RateLimitPolicy.Rate(100, Duration.ofSeconds(1)), 20,
        RateLimitPolicy.Key.IP, RateLimitPolicy.OnRedisDown.OPEN));
    assertThat(table.cacheInvalidation()).containsExactly(new CacheInvalidation("product", null, "product:{aggregateId}"),
        new CacheInvalidation("product", "ProductCreated", "products:list"));
  }

  @Test
  void aCacheThatKeepsAnswersPastTheirTtlReadsAndSaysHowLong() {
    RouteTableDefinition table = RouteTableCodec.parse(TABLE.replace("tags: [\"product:{sku}\"]}",
        "tags: [\"product:{sku}\"], keep: 10m, staleIfError: 1h}"));
    RouteDefinition route = table.route("product").orElseThrow();

    assertThat(route.options().cache().keep()).isEqualTo(Duration.ofMinutes(10));
    assertThat(route.options().cache().staleIfError()).isEqualTo(Duration.ofHours(1));
    CachePolicy byDefault = RouteTableCodec.parse(TABLE).route("product").orElseThrow().options().cache();
    assertThat(byDefault.keep()).as("default").isZero();
    assertThat(byDefault.staleIfError()).as("default").isZero();
    assertThat(RouteLine.render(route)).contains(
        "Cache(\"30s\", \"vary:Accept-Language\", \"tag:product:{sku}\", \"keep:10m\", \"staleIfError:1h\")");
    assertThat(RouteLine.parse(RouteLine.render(route))).isEqualTo(route);
    assertThatThrownBy(() -> RouteTableCodec.parse(TABLE.replace("tags: [\"product:{sku}\"]}", "tags: [\"product:{sku}\"], keep: soon}")))
        .hasMessageContaining("route product.cache.keep");
  }

  @Test
  void aRateLimitWithoutBurstTakesOnePeriodsWorth() {
    RouteTableDefinition table = RouteTableCodec.parse(TABLE.replace("burst: 20, ", ""));

    assertThat(table.route("product").orElseThrow().options().rateLimit().burst()).isEqualTo(100);
  }

  @Test
  void theOneLineFormSaysCacheAndRateLimitAsFiltersAndReadsThemBack() {
    RouteDefinition route = RouteTableCodec.parse(TABLE).route("product").orElseThrow();

    String line = RouteLine.render(route);

    assertThat(line).isEqualTo("product: Path(\"/api/products/{sku}\") && Method(\"GET\", \"HEAD\")"
        + " -> Cache(\"30s\", \"vary:Accept-Language\", \"tag:product:{sku}\") -> RateLimit(\"100/s\", 20, \"ip\", \"open\") -> legacy");
    assertThat(RouteLine.parse(line)).isEqualTo(route);
    assertThat(RouteLine.parse(RouteLine.render(Routes.cachedAndLimited()))).isEqualTo(Routes.cachedAndLimited());
  }

  @Test
  void oneLineArgumentsThatAreNoCacheOptionOrTheWrongCountAreRefused() {
    assertThatThrownBy(() -> RouteLine.parse("r: * -> Cache() -> legacy")).hasMessageContaining("Cache takes a TTL first");
    assertThatThrownBy(() -> RouteLine.parse("r: * -> Cache(\"1s\", \"shared\") -> legacy"))
        .hasMessageContaining("Cache argument 'shared' is none of");
    assertThatThrownBy(() -> RouteLine.parse("r: * -> RateLimit(\"1/s\", 1, \"ip\") -> legacy"))
        .hasMessageContaining("RateLimit takes 4 arguments, got 3");
  }

  @Test
  void ratesReadAndWriteInTheirShortForm() {
    assertThat(RateLimitPolicy.Rate.parse("100/s")).isEqualTo(new RateLimitPolicy.Rate(100, Duration.ofSeconds(1)));
    assertThat(RateLimitPolicy.Rate.parse("1000/m").render()).isEqualTo("1000/m");
    assertThat(RateLimitPolicy.Rate.parse("5 / 1h").render()).isEqualTo("5/h");
    assertThat(RateLimitPolicy.Rate.parse("1/3s")).isEqualTo(new RateLimitPolicy.Rate(1, Duration.ofSeconds(3)));
    assertThat(RateLimitPolicy.Rate.parse("1/3s").render()).isEqualTo("1/3s");
    assertThat(RateLimitPolicy.Rate.parse("100/s").intervalMicros()).isEqualTo(10_000);
    assertThatThrownBy(() -> RateLimitPolicy.Rate.parse("lots")).hasMessage("not a rate: 'lots' (use 100/s, 1000/m, 5000/h or 1/3s)");
  }

  @Test
  void keysAreIpUserOrAHeader() {
    assertThat(RateLimitPolicy.Key.parse("header:X-Api-Key")).isEqualTo(new RateLimitPolicy.Key(RateLimitPolicy.Key.Kind.HEADER, "X-Api-Key"));
    assertThat(RateLimitPolicy.Key.parse("user").render()).isEqualTo("user");
    assertThatThrownBy(() -> RateLimitPolicy.Key.parse("cookie:x")).hasMessage("key must be ip, user or header:NAME (got 'cookie:x')");
  }

  @Test
  void reportsEveryShapeProblemOfCachesRateLimitsAndRules() {
    String yaml = """
        apiVersion: strangler/v1
        backends: {legacy: {urls: ["http://h:1"]}}
        routes:
          - id: a
            target: legacy
            cache: {vary: Accept, shared: true}
            rateLimit: {rate: fast, burst: many, key: "cookie:x"}
          - id: b
            target: legacy
            cache: 30s
            rateLimit: {rate: 10/s, key: ip, onRedisDown: maybe}
        cacheInvalidation:
          - {stream: product}
          - {tag: x, colour: red}
        """;

    InvalidRouteTableException e = catchThrowableOfType(InvalidRouteTableException.class, () -> RouteTableCodec.parse(yaml));

    assertThat(e.problems()).containsExactly(
        "route a.cache.shared: unknown field (known: keep, staleIfError, tags, ttl, userScoped, vary)",
        "route a.cache.ttl: required (how long an answer is kept, e.g. 30s)",
        "route a.cache.vary: must be a list",
        "route a.rateLimit.rate: not a rate: 'fast' (use 100/s, 1000/m, 5000/h or 1/3s)",
        "route a.rateLimit.burst: must be a whole number (got \"many\")",
        "route a.rateLimit.key: key must be ip, user or header:NAME (got 'cookie:x')",
        "route a.rateLimit.onRedisDown: required (open or closed: whether requests pass while Redis can't answer)",
        "route b.cache: must be an object with ttl (and vary, userScoped, tags, keep, staleIfError)",
        "route b.rateLimit.onRedisDown: must be open or closed (got 'maybe')",
        "cacheInvalidation[0].tag: required (e.g. \"product:{aggregateId}\")",
        "cacheInvalidation[1].colour: unknown field (known: stream, tag, type)",
        "cacheInvalidation[1].stream: required (the aggregate type lower-cased, e.g. product)");
  }
}
