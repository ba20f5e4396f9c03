package dev.strangler.proxy.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RouteLineTest {

  @Test
  void rendersARouteAsOneReadableLine() {
    RouteDefinition route = new RouteDefinition("catalog-read", null, Match.path("/api/products/**").withMethods("GET"),
        new Target.Canary("catalog-service", 10, Cohort.session()), null);

    assertThat(RouteLine.render(route)).isEqualTo(
        "catalog-read: Path(\"/api/products/**\") && Method(\"GET\") -> canary(\"catalog-service\", 10, \"session:SESSION\")");
  }

  @Test
  void everyFieldSurvivesARenderParseRoundTrip() {
    RouteDefinition route = Routes.everything();

    String line = RouteLine.render(route);

    assertThat(line).doesNotContain("\n");
    assertThat(RouteLine.parse(line)).isEqualTo(route);
  }

  @Test
  void everyTargetKindSurvivesARoundTrip() {
    List<Target> targets = List.of(new Target.Legacy(), new Target.Extracted("svc"),
        new Target.Canary("svc", 0, new Cohort(Cohort.Kind.COOKIE, "uid")), new Target.Shadow("legacy", "svc", 50),
        new Target.Direct(410, "text/html", "<h1>Gone</h1>\nbye"));

    for (Target target : targets) {
      RouteDefinition route = new RouteDefinition("r", null, Match.ANY, target, null);
      assertThat(RouteLine.parse(RouteLine.render(route))).isEqualTo(route);
    }
  }

  @Test
  void everyRouteOfATableRoundTrips() {
    for (RouteDefinition route : RouteTableCodec.parse(Routes.CATALOG_TABLE).routes()) {
      assertThat(RouteLine.parse(RouteLine.render(route))).as(route.id()).isEqualTo(route);
    }
  }

  @Test
  void aMatchAllRouteIsWrittenWithAStar() {
    RouteDefinition route = new RouteDefinition("all", null, Match.ANY, new Target.Legacy(), null);

    assertThat(RouteLine.render(route)).isEqualTo("all: * -> legacy");
  }

  @Test
  void parseErrorsNameTheColumnAndWhatWasExpected() {
    assertThatThrownBy(() -> RouteLine.parse("r: Path(\"/a\") -> sideways(\"x\")"))
        .hasMessageStartingWith("column 18: unknown filter sideways");
    assertThatThrownBy(() -> RouteLine.parse("r: Colour(\"red\") -> legacy"))
        .hasMessageContaining("unknown predicate Colour");
    assertThatThrownBy(() -> RouteLine.parse("r: * -> canary(\"svc\", 10)"))
        .hasMessageContaining("canary takes 3 arguments, got 2");
    assertThatThrownBy(() -> RouteLine.parse("r: * -> legacy extra"))
        .hasMessageContaining("nothing may follow the target");
    assertThatThrownBy(() -> RouteLine.parse("r: Path(\"/a) -> legacy"))
        .hasMessageContaining("unterminated string");
  }

  @Test
  void aRouteRequiringASessionSaysSoAsAFilter() {
    RouteDefinition route = RouteLine.parse("account: Path(\"/api/account/**\") -> RequireSession() -> extracted(\"accounts\")");

    assertThat(route.options().requireSession()).isTrue();
    assertThat(RouteLine.render(route)).isEqualTo("account: Path(\"/api/account/**\") -> RequireSession() -> extracted(\"accounts\")");
    assertThatThrownBy(() -> RouteLine.parse("a: * -> RequireSession(\"yes\") -> legacy"))
        .hasMessageContaining("RequireSession takes 0 arguments, got 1");
  }
}
