package dev.strangler.proxy.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
}
