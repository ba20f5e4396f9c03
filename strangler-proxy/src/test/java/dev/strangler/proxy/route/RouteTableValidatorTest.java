package dev.strangler.proxy.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteTableValidatorTest {

  private static final RestrictedAddresses OWN = new RestrictedAddresses(Set.of(8080, 8090), Set.of("127.0.0.1:6379"));

  @Test
  void aGoodTableHasNoProblems() {
    assertThat(RouteTableValidator.problems(RouteTableCodec.parse(Routes.CATALOG_TABLE), OWN)).isEmpty();
  }

  @Test
  void reportsEverySemanticProblemWithRouteAndField() {
    RouteTableDefinition table = RouteTableCodec.parse("""
        apiVersion: strangler/v2
        backends:
          svc: {urls: ["ftp://h:1"]}
          both: {urls: ["http://h:1"], service: both}
          meta: {urls: ["http://169.254.169.254"]}
          loop: {urls: ["http://127.0.0.1:8080"]}
          data: {urls: ["http://localhost:6379"]}
          pathy: {urls: ["http://h:1/base"]}
        routes:
          - id: a
            match: {path: "/x/{id}/{id}", methods: [FETCH], headers: {Bad_Header: "1"}}
            target: {canary: {backend: nowhere, percent: 101}}
          - id: b
            match: {path: /y}
            target: {shadow: {primary: svc, candidate: svc, percent: 0}}
          - id: c
            match: {path: /z/**, methods: [POST]}
            target: {extracted: svc}
            fallbackToLegacy: true
            rewrite: {stripPrefix: /other, addPrefix: "v2/"}
            requestHeaders: {set: {X-Strangler-User: admin}, remove: [X-Forwarded-For]}
          - id: d
            match: {path: /z/**, methods: [POST]}
            target: {direct: {status: 99}}
          - id: d
            target: legacy
            timeouts: {response: 0ms}
        """);

    List<String> problems = RouteTableValidator.problems(table, OWN);

    assertThat(problems).containsExactly(
        "apiVersion: must be strangler/v1 (got strangler/v2)",
        "backends.legacy: required (the monolith, where unmatched requests go)",
        "backends.both: needs exactly one of urls or service",
        "backends.data.urls: 'http://localhost:6379' points at Redis at localhost:6379 (set allowRestrictedAddress: true if you mean it)",
        "backends.loop.urls: 'http://127.0.0.1:8080' points at this proxy's own port 8080 (set allowRestrictedAddress: true if you mean it)",
        "backends.meta.urls: 'http://169.254.169.254' points at a link-local address (cloud metadata lives there) (set allowRestrictedAddress: true if you mean it)",
        "backends.pathy.urls: 'http://h:1/base' must not have a path (use the route's addPrefix)",
        "backends.svc.urls: 'ftp://h:1' must be http:// or https://",
        "route a.match.path: parameter {id} appears twice in '/x/{id}/{id}'",
        "route a.match.methods: unknown method 'FETCH'",
        "route a.match.headers: 'Bad_Header' is not a valid header name (letters, digits and '-'; no '_')",
        "route a.target.canary.backend: unknown backend 'nowhere' (known: both, data, loop, meta, pathy, svc)",
        "route a.target.canary.percent: must be from 0 to 100 (got 101)",
        "route b.target.shadow.percent: must be from 1 to 100 (got 0)",
        "route b.target.shadow: primary and candidate are the same backend",
        "route c.fallbackToLegacy: only for safe or idempotent routes (a retried unsafe request could apply twice)",
        "route c.rewrite.addPrefix: must start with '/' and not end with '/' (got 'v2/')",
        "route c.rewrite.stripPrefix: '/other' is not a prefix of every path the route matches (/z/**)",
        "route c.requestHeaders.set: 'X-Strangler-User' is set by the proxy itself and can't be changed by a route",
        "route c.requestHeaders.remove: 'X-Forwarded-For' is set by the proxy itself and can't be changed by a route",
        "route d.target.direct.status: must be from 200 to 599 (got 99)",
        "route d.match: same match and priority as route c (one of them can never apply; give one a priority)",
        "route d.id: duplicate route id",
        "route d.timeouts.response: must be positive");
  }

  @Test
  void aRestrictedAddressIsAcceptedWhenTheBackendAllowsIt() {
    RouteTableDefinition table = RouteTableCodec.parse("""
        apiVersion: strangler/v1
        backends:
          legacy: {urls: ["http://127.0.0.1:8080"], allowRestrictedAddress: true}
        """);

    assertThat(RouteTableValidator.problems(table, OWN)).isEmpty();
  }

  @Test
  void aBackendsInFlightLimitMustBeAtLeastOne() {
    RouteTableDefinition table = RouteTableCodec.parse("""
        apiVersion: strangler/v1
        backends:
          legacy: {urls: ["http://legacy:8081"], maxInFlight: 0}
          catalog: {urls: ["http://catalog:8082"], maxInFlight: 2000000}
        """);

    assertThat(RouteTableValidator.problems(table, OWN)).containsExactly(
        "backends.catalog.maxInFlight: must be between 1 and 1000000 (got 2000000)",
        "backends.legacy.maxInFlight: must be between 1 and 1000000 (got 0)");
  }

  @Test
  void withoutIdentitySigningRoutesThatReachExtractedBackendsOrRequireASessionAreRefused() {
    RouteTableDefinition table = RouteTableCodec.parse("""
        apiVersion: strangler/v1
        backends: {legacy: {urls: ["http://h:1"]}, svc: {urls: ["http://h:2"]}}
        routes:
          - {id: moved, match: {path: /a}, target: {extracted: svc}}
          - {id: trial, match: {path: /b}, target: {canary: {backend: svc, percent: 5}}}
          - {id: served-by-svc, match: {path: /c}, target: {shadow: {primary: svc, candidate: legacy}}}
          - {id: compared, match: {path: /d}, target: {shadow: {primary: legacy, candidate: svc}}}
          - {id: account, match: {path: /e}, target: legacy, requireSession: true}
          - {id: plain, match: {path: /f}, target: legacy}
        """);

    assertThat(RouteTableValidator.problems(table, OWN, SessionSupport.OFF)).containsExactly(
        "route moved.target: extracted backend 'svc' is owed the user's verified identity, but this proxy signs none "
            + "(set STRANGLER_IDENTITY_KEY, at least 32 bytes, on every proxy)",
        "route trial.target: extracted backend 'svc' is owed the user's verified identity, but this proxy signs none "
            + "(set STRANGLER_IDENTITY_KEY, at least 32 bytes, on every proxy)",
        "route served-by-svc.target: extracted backend 'svc' is owed the user's verified identity, but this proxy signs none "
            + "(set STRANGLER_IDENTITY_KEY, at least 32 bytes, on every proxy)",
        "route account.requireSession: this proxy resolves no sessions (set STRANGLER_IDENTITY_KEY, at least 32 bytes)");
    assertThat(RouteTableValidator.problems(table, OWN, SessionSupport.ON)).isEmpty();
    assertThat(RouteTableValidator.problems(table, OWN)).as("unchecked").isEmpty();
  }
}
