package dev.strangler.acceptance.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml and the lab start the same apps on the same ports with the same environment variable names, as
 * ops/topology.yaml defines them. The lab ({@code strangler lab}) runs what the file's lab blocks say, so they are
 * its definition; LabIT runs it. No Docker engine here: compose is checked as a file, and by `docker-compose config`
 * in .ci/run.
 */
class ComposeMatchesLabTest {

  private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent(); // the module's folder is the cwd
  private static final Pattern HEALTH_PORT = Pattern.compile("127\\.0\\.0\\.1:(\\d+)/");

  private static Topology topology;
  private static ComposeFile compose;

  @BeforeAll
  static void read() throws IOException {
    topology = Topology.read(REPOSITORY);
    compose = ComposeFile.read(REPOSITORY);
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
      Topology.Lab lab = app.lab();
      assertThat(lab).as("%s's lab block", app.name()).isNotNull();
      assertThat(lab.environmentNames()).as("%s's environment names in the lab", app.name())
          .containsExactlyInAnyOrderElementsOf(app.labEnv());
      assertThat(lab.env()).as("%s's port variable in the lab", app.name()).containsEntry(app.portVariable(), "${port}");
      assertThat(lab.instances().getFirst().ports()).as("%s's first lab instance", app.name())
          .containsEntry("http", app.port());
    }
  }

  @Test
  void theLabRunsAsManyInstancesOfAnAppAsComposeAndTheJarOfTheModuleComposeBuilds() {
    for (Topology.App app : topology.apps()) {
      assertThat(app.lab().instances()).as("%s's lab instances", app.name()).hasSameSizeAs(app.compose());
      String module = Path.of(app.dockerfile()).getParent().toString();
      assertThat(app.lab().jar()).as("%s's jar", app.name()).startsWith(module + "/target/").endsWith(".jar");
    }
  }

  @Test
  void theLabsTwoProxiesListenOnTheHostPortsComposePublishesItsTwoReplicasOn() {
    Topology.App proxy = topology.apps().stream().filter(a -> a.name().equals("strangler-proxy")).findFirst().orElseThrow();
    assertThat(proxy.lab().instances()).extracting(Topology.Instance::ports)
        .containsExactly(Map.of("http", 8080, "admin", 8090), Map.of("http", 8088, "admin", 8091));
    assertThat(compose.publishedPorts("strangler-proxy-1")).containsExactly("8080:8080", "127.0.0.1:8090:8090");
    assertThat(compose.publishedPorts("strangler-proxy-2")).containsExactly("8088:8080", "127.0.0.1:8091:8090");
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
