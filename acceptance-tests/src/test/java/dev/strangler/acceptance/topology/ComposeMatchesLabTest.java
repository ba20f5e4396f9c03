package dev.strangler.acceptance.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml and ./lab start the same apps on the same ports with the same environment variable names, as
 * ops/topology.yaml defines them (no Docker engine here: compose is checked as a file, and by `docker-compose config`
 * in .ci/run).
 */
class ComposeMatchesLabTest {

  private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent(); // the module's folder is the cwd
  private static final Pattern HEALTH_PORT = Pattern.compile("127\\.0\\.0\\.1:(\\d+)/");

  private static Topology topology;
  private static ComposeFile compose;
  private static LabScript lab;

  @BeforeAll
  static void read() throws IOException {
    topology = Topology.read(REPOSITORY);
    compose = ComposeFile.read(REPOSITORY);
    lab = LabScript.read(REPOSITORY);
  }

  @Test
  void topologyDefinesEveryAppOfTheLab() {
    assertThat(topology.apps()).extracting(Topology.App::name).containsExactlyInAnyOrder(
        "legacy-monolith", "strangler-proxy", "outbox-relay", "catalog-service", "orders-service", "orders-relay");
  }

  @Test
  void everyComposeServiceOfAnAppIsBuiltFromItsDockerfileWithItsEnvironmentNamesAndPort() {
    for (Topology.App app : topology.apps()) {
      assertThat(app.compose()).as(app.name()).isNotEmpty();
      for (String service : app.compose()) {
        assertThat(compose.service(service)).as("compose service %s", service).isPresent();
        assertThat(compose.dockerfile(service)).as("%s's Dockerfile", service).contains(app.dockerfile());
        assertThat(compose.environment(service).keySet()).as("%s's environment names", service)
            .containsExactlyInAnyOrderElementsOf(app.composeEnv());
        assertThat(compose.environment(service)).as("%s's port", service)
            .containsEntry(app.portVariable(), String.valueOf(app.port()));
      }
    }
  }

  @Test
  void theLabStartsEveryAppWithTheSameEnvironmentNamesOnTheSamePort() {
    for (Topology.App app : topology.apps()) {
      assertThat(lab.environment(app.lab().process())).as("./lab starts %s", app.lab().process())
          .hasValueSatisfying(names -> assertThat(names).as("%s's environment names in ./lab", app.name())
              .containsExactlyInAnyOrderElementsOf(app.labEnv()));
      assertThat(lab.defaultOf(app.lab().portSetting())).as("./lab's %s", app.lab().portSetting())
          .hasValueSatisfying(ports -> assertThat(ports.split(" ")[0]).isEqualTo(String.valueOf(app.port())));
    }
  }

  @Test
  void prometheusScrapesEveryComposeServiceWithMetricsAtItsPortAndPath() throws IOException {
    PrometheusConfig prometheus = PrometheusConfig.read(REPOSITORY);
    for (Topology.App app : topology.apps()) {
      if (app.metrics() == null) {
        continue;
      }
      for (String service : app.compose()) {
        assertThat(prometheus.pathsScraping(service + ":" + app.metrics().port())).as("Prometheus's scrapes of %s", service)
            .containsExactly(app.metrics().path());
      }
    }
  }

  @Test
  void everyDockerfileBuildsOnlyItsModuleAndRunsItAsNonRootWithAHealthCheck() throws IOException {
    for (Topology.App app : topology.apps()) {
      String dockerfile = Files.readString(REPOSITORY.resolve(app.dockerfile()));
      String module = Path.of(app.dockerfile()).getParent().toString();
      assertThat(dockerfile).as(app.dockerfile())
          .contains("FROM maven:3-eclipse-temurin-21 AS build", "-pl " + module + " -am package", "FROM eclipse-temurin:21-jre",
              "HEALTHCHECK ", "EXPOSE ")
          .containsPattern("(?m)^USER (?!root)\\w+");
    }
  }

  @Test
  void everyComposeServiceIsHealthCheckedOnAPortItListensOn() throws IOException {
    for (Topology.App app : topology.apps()) {
      String imageCheck = Files.readString(REPOSITORY.resolve(app.dockerfile()));
      for (String service : app.compose()) {
        String check = compose.healthCheck(service).orElse(imageCheck.substring(imageCheck.indexOf("HEALTHCHECK ")));
        Matcher port = HEALTH_PORT.matcher(check);
        assertThat(port.find()).as("%s's health check names a loopback port", service).isTrue();
        assertThat(compose.environment(service).values()).as("%s's health check port", service).contains(port.group(1));
      }
    }
  }
}
