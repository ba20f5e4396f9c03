package dev.strangler.proxy.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTableCodecTest {

  @Test
  void readsATableWrittenAsYaml() {
    RouteTableDefinition table = RouteTableCodec.parse(Routes.CATALOG_TABLE);

    assertThat(table.backends()).containsOnlyKeys("legacy", "catalog-service", "orders-service");
    assertThat(table.backends().get("orders-service").service()).isEqualTo("orders-service");
    RouteDefinition read = table.route("catalog-read").orElseThrow();
    assertThat(read.target()).isEqualTo(new Target.Canary("catalog-service", 10, Cohort.session()));
    assertThat(read.options().connectTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(read.sideEffect()).isEqualTo(SideEffect.SAFE);
    assertThat(table.route("checkout").orElseThrow().sideEffect()).isEqualTo(SideEffect.UNSAFE);
    assertThat(table.route("maintenance").orElseThrow().target())
        .isEqualTo(new Target.Direct(503, "application/json", "{\"down\":true}"));
  }

  @Test
  void yamlAndJsonRoundTripToTheSameTable() {
    RouteTableDefinition table = RouteTableCodec.parse(Routes.CATALOG_TABLE);
    RouteTableDefinition withEverything = new RouteTableDefinition(table.apiVersion(), table.backends(),
        java.util.stream.Stream.concat(table.routes().stream(), java.util.stream.Stream.of(Routes.everything(),
            Routes.cachedAndLimited())).toList(), Routes.INVALIDATION);

    assertThat(RouteTableCodec.parse(RouteTableCodec.toYaml(withEverything))).isEqualTo(withEverything);
    assertThat(RouteTableCodec.parse(RouteTableCodec.toJson(withEverything))).isEqualTo(withEverything);
  }

  @Test
  void aBackendsOwnInFlightLimitIsReadAndWrittenBack() {
    RouteTableDefinition table = RouteTableCodec.parse("""
        apiVersion: strangler/v1
        backends:
          legacy: {urls: ["http://legacy:8081"]}
          catalog: {urls: ["http://catalog:8082"], maxInFlight: 40}
        """);

    assertThat(table.backends().get("catalog").maxInFlight()).isEqualTo(40);
    assertThat(table.backends().get("legacy").maxInFlight()).isNull();
    assertThat(RouteTableCodec.parse(RouteTableCodec.toYaml(table))).isEqualTo(table);
    assertThat(RouteTableCodec.toYaml(table)).contains("maxInFlight: 40").containsOnlyOnce("maxInFlight");
  }

  @Test
  void aBackendsInFlightLimitMustBeAWholeNumber() {
    InvalidRouteTableException e = catchThrowableOfType(InvalidRouteTableException.class, () -> RouteTableCodec.parse("""
        apiVersion: strangler/v1
        backends:
          legacy: {urls: ["http://legacy:8081"], maxInFlight: lots}
        """));

    assertThat(e.problems()).containsExactly("backends.legacy.maxInFlight: must be a whole number (got \"lots\")");
  }

  @Test
  void reportsEveryShapeProblemWithItsPlace() {
    String yaml = """
        apiVersion: strangler/v1
        colour: blue
        backends:
          legacy: {urls: [http://127.0.0.1:8081], weight: 3}
        routes:
          - match: {path: /a}
            target: legacy
          - id: two
            priority: high
            match: {path: /b, verbs: [GET]}
            target: {teleport: x}
          - id: three
            target: {canary: {backend: svc, cohort: "planet:mars"}}
            timeouts: {connect: soon}
            sideEffect: risky
            fallbackToLegacy: "yes"
            requireSession: 1
        """;

    InvalidRouteTableException e = catchThrowableOfType(InvalidRouteTableException.class, () -> RouteTableCodec.parse(yaml));

    assertThat(e.problems()).containsExactly(
        "colour: unknown field (known: apiVersion, backends, cacheInvalidation, kind, routes)",
        "backends.legacy.weight: unknown field (known: allowRestrictedAddress, maxInFlight, service, urls)",
        "routes[0].id: required",
        "route two.priority: must be a whole number (got \"high\")",
        "route two.match.verbs: unknown field (known: cookies, headers, host, methods, path, query)",
        "route two.target: unknown target 'teleport' (legacy, extracted, canary, shadow or direct)",
        "route three.target.canary.cohort: cohort must be session, session:COOKIE, cookie:NAME or header:NAME (got 'planet:mars')",
        "route three.target.canary.percent: required",
        "route three.timeouts.connect: not a duration: 'soon' (use 250ms, 2s, 1m, 1h or PT2S)",
        "route three.sideEffect: must be safe, idempotent or unsafe (got risky)",
        "route three.fallbackToLegacy: must be true or false",
        "route three.requireSession: must be true or false");
  }

  @Test
  void malformedYamlNamesTheLine() {
    InvalidRouteTableException e = catchThrowableOfType(InvalidRouteTableException.class,
        () -> RouteTableCodec.parse("apiVersion: strangler/v1\nroutes: [\n  - id: x\n"));

    assertThat(e.problems()).singleElement().asString().startsWith("not valid YAML or JSON at line");
  }

  @Test
  void anEmptyDocumentIsRefused() {
    InvalidRouteTableException e = catchThrowableOfType(InvalidRouteTableException.class, () -> RouteTableCodec.parse(""));

    assertThat(e.problems()).containsExactly("the route table is empty");
  }

  @Test
  void readsTheShortExtractedForm() {
    RouteTableDefinition table = RouteTableCodec.parse("""
        {"apiVersion": "strangler/v1", "backends": {"legacy": {"urls": ["http://h:1"]}, "svc": {"urls": ["http://h:2"]}},
         "routes": [{"id": "r", "target": {"extracted": {"backend": "svc"}}}]}
        """);

    assertThat(table.routes()).extracting(RouteDefinition::target).containsExactly(new Target.Extracted("svc"));
    assertThat(table).isEqualTo(RouteTableDefinition.of(
        Map.of("legacy", BackendDefinition.of("http://h:1"), "svc", BackendDefinition.of("http://h:2")),
        List.of(new RouteDefinition("r", null, Match.ANY, new Target.Extracted("svc"), null))));
  }

  @Test
  void readsAndWritesRequireSessionOnlyWhenTrue() {
    RouteTableDefinition table = RouteTableCodec.parse("""
        apiVersion: strangler/v1
        backends: {legacy: {urls: ["http://h:1"]}, accounts: {urls: ["http://h:2"]}}
        routes:
          - {id: account, match: {path: /api/account/**}, target: {extracted: accounts}, requireSession: true}
          - {id: home, match: {path: /}, target: legacy}
        """);

    assertThat(table.route("account").orElseThrow().options().requireSession()).isTrue();
    assertThat(table.route("home").orElseThrow().options().requireSession()).isFalse();
    assertThat(RouteTableCodec.toYaml(table)).containsOnlyOnce("requireSession: true");
  }
}
