package dev.strangler.proxy.route;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Route tables written as text, for the route tests. */
final class Routes {

  static final String CATALOG_TABLE = """
      apiVersion: strangler/v1
      backends:
        legacy:
          urls: [http://127.0.0.1:8081]
        catalog-service:
          urls: [http://127.0.0.1:8082, http://127.0.0.1:8092]
        orders-service:
          service: orders-service
      routes:
        - id: catalog-read
          match:
            path: /api/products/**
            methods: [GET, HEAD]
          target:
            canary: {backend: catalog-service, percent: 10, cohort: session}
          timeouts: {connect: 500ms, response: 5s}
          fallbackToLegacy: true
        - id: categories
          match: {path: /api/categories}
          target: {extracted: catalog-service}
        - id: checkout
          match: {path: /api/orders, methods: [POST]}
          target: legacy
        - id: maintenance
          priority: 100
          match:
            path: /api/**
            headers: {X-Maintenance: "*"}
          target: {direct: {status: 503, contentType: application/json, body: '{"down":true}'}}
      """;

  /** Cache invalidation rules using every field. */
  static final List<CacheInvalidation> INVALIDATION = List.of(new CacheInvalidation("product", null, "product:{aggregateId}"),
      new CacheInvalidation("product", "ProductCreated", "products:list"),
      new CacheInvalidation("product", "PriceChanged", "category:{payload.category}"));

  private Routes() {}

  /** A route with a cache (revalidating) and a rate limit using every field. */
  static RouteDefinition cachedAndLimited() {
    return new RouteDefinition("product", null, Match.path("/api/products/{sku}").withMethods("GET", "HEAD"),
        new Target.Extracted("catalog-service"), RouteOptions.DEFAULTS
        .withCache(new CachePolicy(Duration.ofSeconds(30), List.of("Accept-Language", "Accept"), true,
            List.of("product:{sku}", "products"), Duration.ofMinutes(10), Duration.ofHours(1)))
        .withRateLimit(new RateLimitPolicy(RateLimitPolicy.Rate.parse("1/3s"), 20, RateLimitPolicy.Key.parse("header:X-Api-Key"),
            RateLimitPolicy.OnRedisDown.CLOSED)));
  }

  /** A route that uses every field, for round trips. */
  static RouteDefinition everything() {
    return new RouteDefinition("every-field", 7,
        new Match("/api/{version}/products/**", List.of("GET", "PUT"),
            new TreeMap<>(Map.of("X-Beta", "true", "X-Tenant", "*")), new TreeMap<>(Map.of("beta", "1")),
            new TreeMap<>(Map.of("preview", "yes \"quoted\"")), "shop.example.com"),
        new Target.Canary("catalog-service", 25, new Cohort(Cohort.Kind.HEADER, "X-User-Id")),
        new RouteOptions(Duration.ofMillis(250), Duration.ofSeconds(10), SideEffect.IDEMPOTENT, true, "/api", "/v2",
            RouteOptions.HeaderChanges.of(Map.of("X-From", "strangler"), List.of("X-Debug")),
            RouteOptions.HeaderChanges.of(Map.of("Cache-Control", "no-store"), List.of("Server")), 10L * 1024 * 1024, true)
            .withCapture(new CapturePolicy(2.5, 1024, List.of(dev.strangler.compare.PointerPattern.parse("/password"),
                dev.strangler.compare.PointerPattern.parse("/**/cardNumber"))))
            .withHoldAnswer(512L * 1024));
  }
}
