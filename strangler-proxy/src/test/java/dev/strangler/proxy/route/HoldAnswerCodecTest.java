package dev.strangler.proxy.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** A fallback route's {@code holdAnswer}: read, written back, shown in the one-line form, and refused where it can't apply. */
class HoldAnswerCodecTest {

  private static final String TABLE = """
      apiVersion: strangler/v1
      backends:
        legacy: {urls: ["http://legacy:8081"]}
        catalog: {urls: ["http://catalog:8082"]}
      routes:
        - id: items
          match: {path: /api/items/**, methods: [GET]}
          target: {extracted: catalog}
          fallbackToLegacy: true
          holdAnswer: %s
      """;

  @Test
  void isReadWrittenBackAndShownInTheOneLineForm() {
    RouteTableDefinition table = RouteTableCodec.parse(TABLE.formatted("256KiB"));
    RouteDefinition route = table.route("items").orElseThrow();

    assertThat(route.options().holdAnswerBytes()).isEqualTo(256 * 1024);
    assertThat(RouteTableCodec.parse(RouteTableCodec.toYaml(table))).isEqualTo(table);
    assertThat(RouteTableCodec.parse(RouteTableCodec.toJson(table))).isEqualTo(table);
    assertThat(RouteLine.render(route)).contains("-> FallbackToLegacy() -> HoldAnswer(\"256KiB\") ->");
    assertThat(RouteLine.parse(RouteLine.render(route))).isEqualTo(route);
  }

  @Test
  void zeroTurnsHoldingOffAndNoneMeansTheProxysDefault() {
    assertThat(RouteTableCodec.parse(TABLE.formatted("0")).route("items").orElseThrow().options().holdAnswerBytes())
        .isZero();
    assertThat(RouteTableCodec.parse(TABLE.replace("    holdAnswer: %s\n", "")).route("items").orElseThrow().options()
        .holdAnswerBytes()).isNull();
  }

  @Test
  void aSizeThatIsNoneIsNamedWithItsPlace() {
    InvalidRouteTableException e = catchThrowableOfType(InvalidRouteTableException.class,
        () -> RouteTableCodec.parse(TABLE.formatted("lots")));

    assertThat(e.problems()).containsExactly("route items.holdAnswer: not a size: 'lots' (use bytes, or 64KiB, 10MiB, 1GiB)");
  }

  @Test
  void isRefusedOnARouteWithoutFallback() {
    RouteTableDefinition table = RouteTableCodec.parse(TABLE.formatted("1MiB").replace("fallbackToLegacy: true",
        "fallbackToLegacy: false"));

    assertThat(RouteTableValidator.problems(table, new RestrictedAddresses(Set.of(), Set.of()))).containsExactly(
        "route items.holdAnswer: only with fallbackToLegacy (an answer is held so the monolith can stand in for it)");
  }
}
