package dev.strangler.proxy.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.strangler.compare.PointerPattern;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A route's capture as data: YAML/JSON, defaults, the one-line form, and every problem named with its place. */
class CapturePolicyTest {

  private static final String TABLE = """
      apiVersion: strangler/v1
      backends: {legacy: {urls: ["http://h:1"]}}
      routes:
        - id: checkout
          match: {path: /api/checkout, methods: [POST]}
          target: legacy
          capture: {percent: 12.5, maxBody: 8KiB, redact: [/password, "/**/cardNumber"]}
        - id: catalog
          match: {path: /api/products/**, methods: [GET]}
          target: legacy
          capture: {percent: 100}
        - id: cart
          match: {path: /api/cart/**}
          target: legacy
          capture: {percent: 5, sample: session}
      """;

  @Test
  void readsACaptureWithItsRedactionRules() {
    RouteTableDefinition table = RouteTableCodec.parse(TABLE);

    CapturePolicy checkout = table.route("checkout").orElseThrow().options().capture();
    assertThat(checkout).isEqualTo(new CapturePolicy(12.5, 8 * 1024,
        List.of(PointerPattern.parse("/password"), PointerPattern.parse("/**/cardNumber"))));
    assertThat(RouteTableValidator.problems(table, RestrictedAddresses.NONE, SessionSupport.OFF)).isEmpty();
  }

  @Test
  void aCaptureWithOnlyAPercentKeepsBodiesUpTo64KiBAndRedactsNoField() {
    CapturePolicy catalog = RouteTableCodec.parse(TABLE).route("catalog").orElseThrow().options().capture();

    assertThat(catalog).isEqualTo(CapturePolicy.of(100));
    assertThat(catalog.maxBodyBytes()).isEqualTo(CapturePolicy.DEFAULT_MAX_BODY_BYTES).isEqualTo(64 * 1024);
    assertThat(catalog.redact()).isEmpty();
  }

  @Test
  void aRouteWithoutCaptureHasNone() {
    RouteTableDefinition table = RouteTableCodec.parse(Routes.CATALOG_TABLE);

    assertThat(table.routes()).allSatisfy(route -> assertThat(route.options().capture()).isNull());
    assertThat(RouteTableCodec.toYaml(table)).doesNotContain("capture");
  }

  @Test
  void yamlJsonAndTheOneLineFormRoundTripACapture() {
    RouteTableDefinition table = RouteTableCodec.parse(TABLE);

    assertThat(RouteTableCodec.parse(RouteTableCodec.toYaml(table))).isEqualTo(table);
    assertThat(RouteTableCodec.parse(RouteTableCodec.toJson(table))).isEqualTo(table);
    for (RouteDefinition route : table.routes()) {
      assertThat(RouteLine.parse(RouteLine.render(route))).isEqualTo(route);
    }
    assertThat(RouteLine.render(table.route("checkout").orElseThrow()))
        .contains("-> Capture(\"12.5\", \"maxBody:8KiB\", \"redact:/password\", \"redact:/**/cardNumber\") ->");
    assertThat(RouteLine.render(table.route("catalog").orElseThrow())).contains("-> Capture(100, \"maxBody:64KiB\") ->");
    assertThat(RouteLine.render(table.route("cart").orElseThrow())).contains("-> Capture(5, \"maxBody:64KiB\", \"sample:session\") ->");
    assertThat(table.route("cart").orElseThrow().options().capture().sample()).isEqualTo(CapturePolicy.Sampling.SESSION);
    assertThat(table.route("catalog").orElseThrow().options().capture().sample()).isEqualTo(CapturePolicy.Sampling.REQUEST);
    assertThat(RouteTableCodec.toYaml(table)).containsOnlyOnce("sample");
  }

  @Test
  void aSamplingThatIsNoneIsNamedInTheOneLineForm() {
    IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class,
        () -> RouteLine.parse("cart: Path(\"/api/cart/**\") -> Capture(5, \"sample:user\") -> legacy"));

    assertThat(e.getMessage()).contains("Capture's \"sample:\" must be request or session (got 'sample:user')");
  }

  @Test
  void reportsEveryShapeProblemOfACaptureWithItsPlace() {
    InvalidRouteTableException e = catchThrowableOfType(InvalidRouteTableException.class, () -> RouteTableCodec.parse("""
        apiVersion: strangler/v1
        backends: {legacy: {urls: ["http://h:1"]}}
        routes:
          - id: a
            target: legacy
            capture: {maxBody: lots, redact: [password, ""], sample: 3}
          - id: b
            target: legacy
            capture: {percent: "ten"}
          - id: c
            target: legacy
            capture: 10
        """));

    assertThat(e.problems()).containsExactlyInAnyOrder(
        "route a.capture.sample: must be request or session (got 3)",
        "route a.capture.percent: required (the share of requests recorded, 0 to 100)",
        "route a.capture.maxBody: not a size: 'lots' (use bytes, or 64KiB, 10MiB, 1GiB)",
        "route a.capture.redact[0]: pointer pattern 'password' must start with '/'",
        "route a.capture.redact[1]: a pointer pattern must not be empty (the whole document is \"/**\")",
        "route b.capture.percent: must be a number from 0 to 100 (got \"ten\")",
        "route c.capture: must be an object with percent (and maxBody, redact, sample)");
  }

  @Test
  void reportsAPercentOutOfRangeATooLargeCapAndADirectTarget() {
    RouteTableDefinition table = RouteTableCodec.parse("""
        apiVersion: strangler/v1
        backends: {legacy: {urls: ["http://h:1"]}}
        routes:
          - id: over
            match: {path: /a}
            target: legacy
            capture: {percent: 150, maxBody: 2MiB}
          - id: under
            match: {path: /b}
            target: legacy
            capture: {percent: -1, maxBody: 0}
          - id: gone
            match: {path: /c}
            target: {direct: {status: 410}}
            capture: {percent: 100}
        """);

    assertThat(RouteTableValidator.problems(table, RestrictedAddresses.NONE, SessionSupport.OFF)).containsExactlyInAnyOrder(
        "route over.capture.percent: must be from 0 to 100 (got 150)",
        "route over.capture.maxBody: must be from 1 byte to 1MiB (got 2097152)",
        "route under.capture.percent: must be from 0 to 100 (got -1)",
        "route under.capture.maxBody: must be from 1 byte to 1MiB (got 0)",
        "route gone.capture: the proxy answers a direct target itself; there is no exchange with a backend to capture");
  }
}
