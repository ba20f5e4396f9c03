package dev.strangler.proxy.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every rule of caches, rate limits and cache invalidation, each problem named by route (or rule) and field. */
class PolicyRulesTest {

  @Test
  void goodCachesRateLimitsAndRulesHaveNoProblems() {
    RouteTableDefinition table = RouteTableCodec.parse("""
        apiVersion: strangler/v1
        backends: {legacy: {urls: ["http://h:1"]}}
        routes:
          - id: product
            match: {path: "/api/{version}/products/{sku}", methods: [GET, HEAD]}
            target: legacy
            cache: {ttl: 30s, vary: [Accept-Language], tags: ["product:{sku}", "v:{version}:products"]}
            rateLimit: {rate: 100/s, burst: 20, key: "header:X-Api-Key", onRedisDown: closed}
          - id: account
            match: {path: /api/account/**, methods: [GET]}
            target: legacy
            requireSession: true
            cache: {ttl: 5s, userScoped: true}
            rateLimit: {rate: 10/m, key: user, onRedisDown: open}
        cacheInvalidation:
          - {stream: product, tag: "product:{aggregateId}"}
          - {stream: product, type: PriceChanged, tag: "category:{payload.category}"}
        """);

    assertThat(RouteTableValidator.problems(table, RestrictedAddresses.NONE, SessionSupport.ON)).isEmpty();
  }

  @Test
  void reportsEveryProblemOfCachesAndRateLimitsWithRouteAndField() {
    RouteTableDefinition table = RouteTableCodec.parse("""
        apiVersion: strangler/v1
        backends: {legacy: {urls: ["http://h:1"]}}
        routes:
          - id: unsafe
            match: {path: /api/orders, methods: [GET, POST]}
            target: legacy
            cache: {ttl: 0ms, vary: [Accept, accept, "Bad Header", Authorization], keep: PT-1S}
            rateLimit: {rate: 2000000/s, burst: 0, key: "header:X-Forwarded-For", onRedisDown: open}
          - id: tagged
            match: {path: "/api/products/{sku}", methods: [GET]}
            target: legacy
            cache: {ttl: 48h, tags: ["product:{id}", "bad tag"], keep: 25h, staleIfError: 48h}
            rateLimit: {rate: 0/s, key: "header:X-Strangler-Route", onRedisDown: open}
          - id: maintenance
            match: {path: /down}
            target: {direct: {status: 503}}
            sideEffect: safe
            cache: {ttl: 1s}
            rateLimit: {rate: 1/s, key: ip, onRedisDown: open}
          - id: account
            match: {path: /api/account, methods: [GET]}
            target: legacy
            requireSession: true
            cache: {ttl: 1s, userScoped: true}
            rateLimit: {rate: 1/s, key: user, onRedisDown: open}
          - id: mine
            match: {path: /api/mine, methods: [GET]}
            target: legacy
            requireSession: true
            cache: {ttl: 1s}
        cacheInvalidation:
          - {stream: Product, type: "Product Created", tag: "product:{sku}"}
          - {stream: product, tag: "{payload.sku"}
        """);

    List<String> problems = RouteTableValidator.problems(table, RestrictedAddresses.NONE, SessionSupport.OFF);

    assertThat(problems).contains(
        "route unsafe.cache: only for safe routes (this one is unsafe): match methods: [GET, HEAD], or say sideEffect: safe",
        "route unsafe.cache.ttl: must be whole milliseconds from 1ms to 24h (got PT0S)",
        "route unsafe.cache.keep: must be whole milliseconds from 0 to 24h (got PT-1S)",
        "route unsafe.cache.vary: 'accept' appears twice",
        "route unsafe.cache.vary: 'Bad Header' is not a header name",
        "route unsafe.cache.vary: requests with Authorization are never cached (the proxy can't verify it); userScoped caches per logged-in user",
        "route unsafe.rateLimit.rate: at most 1000000 requests per second (got 2000000/s)",
        "route unsafe.rateLimit.burst: must be from 1 to 1000000 (got 0)",
        "route unsafe.rateLimit.key: the proxy sets 'X-Forwarded-For' itself; use key: ip for the client address",
        "route tagged.cache.ttl: must be whole milliseconds from 1ms to 24h (got PT48H)",
        "route tagged.cache.keep: must be whole milliseconds from 0 to 24h (got PT25H)",
        "route tagged.cache.staleIfError: must be whole milliseconds from 0 to 24h (got PT48H)",
        "route tagged.cache.tags: 'product:{id}' names {id}, which the route's path (/api/products/{sku}) does not capture",
        "route tagged.cache.tags: 'bad tag' is not a tag: letters, digits, ':', '-', '_', '.' and {placeholders}",
        "route tagged.rateLimit.rate: at least 1 request per period, and a period from 1ms to 24h (got 0/s)",
        "route tagged.rateLimit.key: the proxy sets 'X-Strangler-Route' itself; use key: ip for the client address",
        "route maintenance.cache: the proxy answers a direct target itself; there is nothing to cache",
        "route maintenance.rateLimit: the proxy answers a direct target itself, before any limit",
        "route account.cache.userScoped: this proxy resolves no sessions, so it knows no user (set STRANGLER_IDENTITY_KEY)",
        "route account.rateLimit.key: this proxy resolves no sessions, so it knows no user (set STRANGLER_IDENTITY_KEY)",
        "route mine.cache: every request of a route requiring a session carries one, so only a userScoped cache applies",
        "cacheInvalidation[0].stream: the aggregate type lower-cased, e.g. product (got 'Product')",
        "cacheInvalidation[0].type: an event type, e.g. ProductCreated (got 'Product Created')",
        "cacheInvalidation[0].tag: 'product:{sku}' names {sku}, which no event has (known: aggregateId, aggregateType, eventId, sequence, type, payload.<field>)",
        "cacheInvalidation[1].tag: '{payload.sku' is not a tag: letters, digits, ':', '-', '_', '.' and {placeholders}");
  }

  @Test
  void tagTemplatesFillFromNamedValuesAndNeedEveryOne() {
    assertThat(TagTemplate.placeholders("v:{version}:product:{sku}")).containsExactly("version", "sku");
    assertThat(TagTemplate.fill("product:{sku}", name -> name.equals("sku") ? "ACME-00001" : null)).isEqualTo("product:ACME-00001");
    assertThat(TagTemplate.fill("product:{sku}:{size}", name -> name.equals("sku") ? "ACME-00001" : null)).isNull();
    assertThat(TagTemplate.fill("products:list", name -> null)).isEqualTo("products:list");
  }
}
