package dev.strangler.proxy.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The route tables the README tells users to apply are valid, so the docs never rot. */
class ExampleRoutesTest {

  @Test
  void theLabRouteTableIsValidForTheLabProxy() throws Exception {
    RouteTableDefinition table = RouteTableCodec.parse(Files.readString(Path.of("examples/lab-routes.yaml")));

    assertThat(RouteTableValidator.problems(table, new RestrictedAddresses(Set.of(8080, 8090), Set.of("127.0.0.1:6379"))))
        .isEmpty();
    assertThat(table.route("catalog-read").orElseThrow().options().fallbackToLegacy()).isTrue();
  }

  @Test
  void theLabRouteTableAnswersTheMonolithsActuatorAndInternalApiItselfNeverForwardingThem() throws Exception {
    RouteTable table = RouteTable.compile(1, RouteTableCodec.parse(Files.readString(Path.of("examples/lab-routes.yaml"))),
        new RestrictedAddresses(Set.of(8080, 8090), Set.of("127.0.0.1:6379")));

    for (String path : new String[] {"/actuator/prometheus", "/actuator/health", "/actuator", "/internal/reservations"}) {
      RouteMatch match = table.match(new RouteTableMatchTest.FakeRequest("GET", path, "localhost", Map.of(), Map.of(), Map.of()));
      assertThat(match.isDefault()).as(path).isFalse();
      assertThat(match.route().target()).as(path).isInstanceOfSatisfying(Target.Direct.class,
          direct -> assertThat(direct.status()).isEqualTo(404));
    }
  }
}
