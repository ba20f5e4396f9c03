package dev.strangler.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PlaybookLoaderTest {

  @Test
  void everyShippedPlaybookIsValid() throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.walk(Path.of("playbooks"))) {
      files = list.filter(p -> p.toString().endsWith(".yaml") && !p.startsWith(Path.of("playbooks", "drift"))).sorted().toList();
    }

    assertThat(files).isNotEmpty();
    for (Path file : files) {
      Playbook playbook = PlaybookLoader.load(file);
      assertThat(playbook.steps()).as(file.toString()).isNotEmpty();
    }
  }

  @Test
  void aLabVariantTakesItsPlaybooksStepsOnlyShorter() throws IOException {
    List<Path> variants;
    try (Stream<Path> list = Files.list(Path.of("playbooks/lab"))) {
      variants = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }

    assertThat(variants).isNotEmpty();
    for (Path variant : variants) {
      Playbook lab = PlaybookLoader.load(variant);
      Playbook production = PlaybookLoader.load(Path.of("playbooks").resolve(variant.getFileName()));
      assertThat(lab.subdomain()).as(variant.toString()).isEqualTo(production.subdomain());
      assertThat(lab.service()).as(variant.toString()).isEqualTo(production.service());
      assertThat(lab.routes()).as(variant.toString()).isEqualTo(production.routes());
      assertThat(lab.steps()).as(variant.toString()).extracting(Step::id, Step::target, Step::percent, Step::approval)
          .isEqualTo(production.steps().stream().map(s -> org.assertj.core.groups.Tuple.tuple(s.id(), s.target(), s.percent(),
              s.approval())).toList());
      for (int i = 0; i < lab.steps().size(); i++) {
        assertThat(lab.steps().get(i).soak()).as(variant + " " + lab.steps().get(i).id())
            .isLessThanOrEqualTo(production.steps().get(i).soak());
      }
    }
  }

  @Test
  void theSamplesPlaybooksMoveRoutesOfTheSamplesRouteTable() throws IOException {
    JsonNode table = new ObjectMapper(new YAMLFactory()).readTree(Path.of("../strangler-proxy/examples/lab-routes.yaml").toFile());
    List<String> ids = new java.util.ArrayList<>();
    table.path("routes").forEach(route -> ids.add(route.path("id").asText()));
    List<String> backends = new java.util.ArrayList<>();
    table.path("backends").fieldNames().forEachRemaining(backends::add);

    for (String name : List.of("catalog.yaml", "orders.yaml")) {
      Playbook playbook = PlaybookLoader.load(Path.of("playbooks", name));
      assertThat(ids).as(name + " routes").containsAll(playbook.routes());
      assertThat(backends).as(name + " service").contains(playbook.service());
    }
  }

  @Test
  void theCatalogPlaybookWalksFromLegacyToRetiredThroughRisingCanaries() {
    Playbook catalog = PlaybookLoader.load(Path.of("playbooks/catalog.yaml"));

    assertThat(catalog.steps()).extracting(Step::id)
        .containsExactly("legacy", "shadow", "canary-5", "canary-25", "canary-50", "extracted", "retire");
    assertThat(catalog.steps().get(1).soak()).isEqualTo(Duration.ofMinutes(30));
    assertThat(catalog.steps().get(1).gate().maxMismatchRate()).isEqualTo(0.001);
    assertThat(catalog.steps().get(4).approval()).isEqualTo(Step.Approval.MANUAL);
  }

  @Test
  void theOrdersPlaybookShadowsWritesIntoTheSandboxAndGatesEveryStepOnACleanDriftCheck() {
    Playbook orders = PlaybookLoader.load(Path.of("playbooks/orders.yaml"));

    assertThat(orders.steps()).extracting(Step::id)
        .containsExactly("legacy", "shadow-sandbox", "canary-5", "canary-25", "extracted", "retire");
    assertThat(orders.steps().subList(1, 5)).allSatisfy(step -> assertThat(step.gate().maxDrift()).isZero());
    assertThat(orders.steps().get(3).approval()).isEqualTo(Step.Approval.MANUAL);
    StepShadow shadow = orders.steps().get(1).shadow();
    assertThat(shadow.sandboxSession()).containsExactly("cart");
    assertThat(shadow.sandboxes("checkout")).isTrue();
    assertThat(shadow.sandboxes("orders-read")).isFalse();
  }

  @Test
  void aShadowStepsBlockWithoutRoutesSandboxesEveryRouteAndAStepWithoutOneHasNone() {
    Playbook playbook = PlaybookLoader.parse("""
        apiVersion: strangler/v1
        subdomain: cart
        service: orders-service
        routes: [cart, checkout]
        steps:
          - {id: legacy, target: legacy}
          - {id: shadow, target: shadow, shadow: {percent: 50, sandbox: true}}
        """, "cart.yaml");

    assertThat(playbook.steps().get(0).shadow()).isNull();
    StepShadow shadow = playbook.steps().get(1).shadow();
    assertThat(shadow.percent()).isEqualTo(50);
    assertThat(shadow.sandboxes("cart")).isTrue();
    assertThat(shadow.sandboxes("checkout")).isTrue();
  }

  @Test
  void aShadowBlockIsRefusedOffAShadowStepAndWhereItsFieldsDisagree() {
    String yaml = """
        apiVersion: strangler/v1
        subdomain: orders
        service: orders-service
        routes: [checkout]
        steps:
          - {id: legacy, target: legacy, shadow: {sandbox: true}}
          - {id: shadow, target: shadow, shadow: {percent: 0, sandboxSession: [cart], routes: [cart]}}
        """;

    PlaybookLoader.InvalidPlaybookException e = catchThrowableOfType(PlaybookLoader.InvalidPlaybookException.class,
        () -> PlaybookLoader.parse(yaml, "bad.yaml"));

    assertThat(e.problems()).containsExactly(
        "steps[0] (legacy).shadow: only shadow steps take a shadow block",
        "steps[1] (shadow).shadow.percent: a share from 1 to 100 (got 0)",
        "steps[1] (shadow).shadow.sandboxSession: only with sandbox: true",
        "steps[1] (shadow).shadow.routes: names the routes sandboxed, only with sandbox: true",
        "steps[1] (shadow).shadow.routes: 'cart' is not one of the playbook's routes [checkout]");
  }

  @Test
  void reportsEveryBrokenRuleWithItsPlace() {
    String yaml = """
        apiVersion: strangler/v0
        subdomain: catalog
        service: catalog-service
        routes: [catalog-api]
        steps:
          - id: a
            target: canary
            percent: 30
          - id: a
            target: canary
            percent: 10
          - id: c
            target: extracted
            percent: 100
            gate: {maxMismatchRate: 2, maxDrift: -1}
        """;

    PlaybookLoader.InvalidPlaybookException e = catchThrowableOfType(PlaybookLoader.InvalidPlaybookException.class,
        () -> PlaybookLoader.parse(yaml, "bad.yaml"));

    assertThat(e.problems()).containsExactly(
        "apiVersion: must be strangler/v1 (got strangler/v0)",
        "steps[1] (a).id: duplicate step id",
        "steps[1] (a).percent: canary steps must raise the share (10 after 30)",
        "steps[2] (c).percent: only canary steps take a percent",
        "steps[2] (c).gate.maxMismatchRate: a rate between 0 and 1 (got 2.0)",
        "steps[2] (c).gate.maxDrift: must not be negative");
  }

  @Test
  void anUnknownFieldOrTargetIsNamedWithItsPath() {
    String yaml = """
        apiVersion: strangler/v1
        subdomain: catalog
        service: catalog-service
        routes: [catalog-api]
        steps:
          - id: a
            target: sideways
        """;

    PlaybookLoader.InvalidPlaybookException e = catchThrowableOfType(PlaybookLoader.InvalidPlaybookException.class,
        () -> PlaybookLoader.parse(yaml, "bad.yaml"));

    assertThat(e.problems()).singleElement().asString().startsWith("steps[0].target:").contains("sideways");
  }
}
