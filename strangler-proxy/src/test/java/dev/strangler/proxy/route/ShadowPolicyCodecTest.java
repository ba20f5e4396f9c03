package dev.strangler.proxy.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.strangler.compare.PointerPattern;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A shadow route's limits as data: YAML/JSON with defaults, the writer and the one-line form, and problems with their place. */
class ShadowPolicyCodecTest {

  private static final String TABLE = """
      apiVersion: strangler/v1
      backends: {legacy: {urls: ["http://h:1"]}, catalog: {urls: ["http://c:2"]}}
      routes:
        - id: products
          match: {path: "/api/products/{sku}", methods: [GET]}
          target: {shadow: {primary: legacy, candidate: catalog, percent: 25}}
          shadow: {maxBody: 64KiB, maxInFlight: 4, timeout: 2s, learnNoise: false}
        - id: defaults
          match: {path: /api/search, methods: [GET]}
          target: {shadow: {candidate: catalog}}
          shadow: {}
        - id: none
          match: {path: /api/other, methods: [GET]}
          target: {shadow: {candidate: catalog}}
        - id: accounts
          match: {path: /api/accounts, methods: [GET]}
          target: {shadow: {candidate: catalog}}
          shadow: {redact: [/token, "/**/password"]}
      """;

  @Test
  void readsEachLimitAndDefaultsWhatIsLeftOut() {
    RouteTableDefinition table = RouteTableCodec.parse(TABLE);

    assertThat(table.route("products").orElseThrow().options().shadow())
        .isEqualTo(new ShadowPolicy(64 * 1024, 4, Duration.ofSeconds(2), false));
    assertThat(table.route("defaults").orElseThrow().options().shadow()).isEqualTo(ShadowPolicy.DEFAULTS);
    assertThat(table.route("none").orElseThrow().options().shadow()).isNull();
    assertThat(table.route("none").orElseThrow().options().shadowOrDefaults()).isEqualTo(ShadowPolicy.DEFAULTS);
    assertThat(ShadowPolicy.DEFAULTS).isEqualTo(new ShadowPolicy(1024 * 1024, 32, Duration.ofSeconds(5), true));
    assertThat(table.route("accounts").orElseThrow().options().shadow().redact()).extracting(PointerPattern::text)
        .containsExactly("/token", "/**/password");
  }

  @Test
  void redactionsRoundTripThroughTheWriterAndTheOneLineForm() {
    RouteDefinition route = RouteTableCodec.parse(TABLE).route("accounts").orElseThrow();

    String line = RouteLine.render(route);

    assertThat(line).isEqualTo("accounts: Path(\"/api/accounts\") && Method(\"GET\") -> Shadow(\"1MiB\", 32, \"5s\","
        + " \"learnNoise\", \"redact:/token\", \"redact:/**/password\") -> shadow(\"legacy\", \"catalog\", 100)");
    assertThat(RouteLine.parse(line)).isEqualTo(route);
    assertThat(RouteTableCodec.toYaml(RouteTableCodec.parse(TABLE))).contains("redact:");
  }

  @Test
  void aBadRedactionPatternIsReportedWithItsPlace() {
    InvalidRouteTableException e = catchThrowableOfType(InvalidRouteTableException.class, () -> RouteTableCodec.parse("""
        apiVersion: strangler/v1
        backends: {legacy: {urls: ["http://h:1"]}, catalog: {urls: ["http://c:2"]}}
        routes:
          - id: a
            match: {path: /a}
            target: {shadow: {candidate: catalog}}
            shadow: {redact: [password, 5]}
        """));

    assertThat(e.problems()).hasSize(2).allSatisfy(p -> assertThat(p).startsWith("route a.shadow.redact"));
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("route a.shadow.redact[0]: "));
  }

  @Test
  void theWriterAndTheOneLineFormKeepEveryLimit() {
    RouteTableDefinition table = RouteTableCodec.parse(TABLE);

    assertThat(RouteTableCodec.parse(RouteTableCodec.toYaml(table))).isEqualTo(table);
    assertThat(RouteTableCodec.parse(RouteTableCodec.toJson(table))).isEqualTo(table);
    RouteDefinition route = table.route("products").orElseThrow();
    String line = RouteLine.render(route);
    assertThat(line).isEqualTo("products: Path(\"/api/products/{sku}\") && Method(\"GET\")"
        + " -> Shadow(\"64KiB\", 4, \"2s\", \"noNoise\") -> shadow(\"legacy\", \"catalog\", 25)");
    assertThat(RouteLine.parse(line)).isEqualTo(route);
    assertThat(RouteLine.parse(RouteLine.render(table.route("defaults").orElseThrow())))
        .isEqualTo(table.route("defaults").orElseThrow());
  }

  @Test
  void everyProblemIsReportedWithItsPlace() {
    String yaml = """
        apiVersion: strangler/v1
        backends: {legacy: {urls: ["http://h:1"]}, catalog: {urls: ["http://c:2"]}}
        routes:
          - id: a
            match: {path: /a}
            target: {shadow: {candidate: catalog}}
            shadow: {maxBody: lots, maxInFlight: some, timeout: soon, learnNoise: maybe, colour: red}
          - id: b
            match: {path: /b}
            target: {shadow: {candidate: catalog}}
            shadow: 5s
        """;

    InvalidRouteTableException e = catchThrowableOfType(InvalidRouteTableException.class, () -> RouteTableCodec.parse(yaml));

    assertThat(e.problems()).containsExactlyInAnyOrder(
        "route a.shadow.colour: unknown field (known: learnNoise, maxBody, maxInFlight, redact, sandbox, sandboxSession, timeout)",
        "route a.shadow.maxBody: not a size: 'lots' (use bytes, or 64KiB, 10MiB, 1GiB)",
        "route a.shadow.maxInFlight: must be a whole number (got \"some\")",
        e.problems().stream().filter(p -> p.startsWith("route a.shadow.timeout: ")).findFirst().orElse("no timeout problem"),
        "route a.shadow.learnNoise: must be true or false",
        "route b.shadow: must be an object with any of maxBody, maxInFlight, timeout, learnNoise, redact, sandbox, sandboxSession");
  }

  @Test
  void limitsOutOfBoundsAndAShadowBlockOnAnotherTargetAreRefused() {
    RouteTableDefinition table = RouteTableCodec.parse("""
        apiVersion: strangler/v1
        backends: {legacy: {urls: ["http://h:1"]}, catalog: {urls: ["http://c:2"]}}
        routes:
          - id: a
            match: {path: /a}
            target: {shadow: {candidate: catalog}}
            shadow: {maxBody: 1GiB, maxInFlight: 0, timeout: 10m}
          - id: b
            match: {path: /b}
            target: legacy
            shadow: {}
        """);

    assertThat(RouteTableValidator.problems(table, RestrictedAddresses.NONE)).containsExactly(
        "route a.shadow.maxBody: must be from 0 to 64MiB (got 1073741824)",
        "route a.shadow.maxInFlight: must be from 1 to 10000 (got 0)",
        "route a.shadow.timeout: must be from 1ms to 5m (got PT10M)",
        "route b.shadow: only for a shadow target (this route's target is not shadow)");
  }

  @Test
  void anUnsafeShadowRouteIsValidItsCopiesAreDroppedAtRunTime() {
    RouteTableDefinition table = RouteTableCodec.parse("""
        apiVersion: strangler/v1
        backends: {legacy: {urls: ["http://h:1"]}, catalog: {urls: ["http://c:2"]}}
        routes:
          - id: orders
            match: {path: /api/orders, methods: [POST]}
            target: {shadow: {candidate: catalog}}
            shadow: {maxInFlight: 8}
        """);

    assertThat(RouteTableValidator.problems(table, RestrictedAddresses.NONE)).isEmpty();
    assertThat(table.route("orders").orElseThrow().sideEffect()).isEqualTo(SideEffect.UNSAFE);
  }
}
