package dev.strangler.acceptance.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.acceptance.topology.KubernetesManifests.Workload;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ops/k8s/base, statically (no cluster here): rendered by kubectl kustomize when kubectl is on the PATH (else its files
 * as written), every document parsed into fabric8's typed model with unknown fields failing, then checked against
 * ops/topology.yaml and the deployment's rules: probes, requests and limits, non-root, disruption budgets, the admin
 * API never public, Redis behind three Sentinels, no secret values.
 */
class KubernetesManifestsTest {

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesManifestsTest.class);
  private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent(); // the module's folder is the cwd

  /**
   * The environment names Kubernetes sets beyond ops/topology.yaml's {@code env}, each for a reason (ops/k8s/README.md
   * lists them too): every JVM's heap sized to its container's memory limit; the proxy's admin API on the pod's
   * interfaces (as compose's); the services registered in discovery under their pod's IP (as compose's container
   * names); the monolith's Redis through Sentinel.
   */
  static final Map<String, Set<String>> KUBERNETES_ONLY = Map.of(
      "legacy-monolith", Set.of("JAVA_TOOL_OPTIONS", "SPRING_DATA_REDIS_SENTINEL_MASTER", "SPRING_DATA_REDIS_SENTINEL_NODES"),
      "strangler-proxy", Set.of("JAVA_TOOL_OPTIONS", "STRANGLER_ADMIN_HOST"),
      "outbox-relay", Set.of("JAVA_TOOL_OPTIONS"),
      "catalog-service", Set.of("JAVA_TOOL_OPTIONS", "CATALOG_ADVERTISED_HOST"),
      "orders-service", Set.of("JAVA_TOOL_OPTIONS", "ORDERS_ADVERTISED_HOST"),
      "orders-relay", Set.of("JAVA_TOOL_OPTIONS"));

  /** The proxy's default drain on SIGTERM (ProxyOptions.DEFAULT_SHUTDOWN_GRACE: this module does not link its classes). */
  private static final long PROXY_SHUTDOWN_GRACE_SECONDS = 30;
  private static final Set<String> PUBLIC_SERVICE_TYPES = Set.of("LoadBalancer", "NodePort");
  private static final Pattern SECRET_NAME = Pattern.compile(".*_(TOKEN|KEY|PASSWORD|SECRET)");
  private static final Pattern CREDENTIALS_IN_URL = Pattern.compile("^[a-z][a-z0-9+.-]*://[^/@\\s]*:[^/@\\s]+@.*");
  private static final Pattern HEALTH_CHECK_PATH = Pattern.compile("HEALTHCHECK [\\s\\S]*?http://127\\.0\\.0\\.1:\\d+(/\\S*)");
  private static final String SECRET = "strangler-secrets";

  private static Topology topology;
  private static KubernetesManifests manifests;

  @BeforeAll
  static void render() throws IOException, InterruptedException {
    topology = Topology.read(REPOSITORY);
    manifests = KubernetesManifests.render(REPOSITORY);
    LOG.info("ops/k8s/base read by {}: {} documents", manifests.source(), manifests.all().size());
  }

  @Test
  void everyDocumentParsesIntoTheTypedModelRenderedByKustomizeWhenKubectlIsThere() {
    assertThat(manifests.all()).isNotEmpty().allSatisfy(resource -> assertThat(resource.getMetadata().getName()).isNotBlank());
    if (KubernetesManifests.kubectlOnPath()) {
      assertThat(manifests.source()).isEqualTo(KubernetesManifests.Source.KUBECTL_KUSTOMIZE);
      assertThat(manifests.all()).allSatisfy(resource ->
          assertThat(resource.getMetadata().getLabels()).containsEntry("app.kubernetes.io/part-of", "strangler"));
    }
  }

  @Test
  void aMisspeltFieldOrAMistypedValueFailsTheParse() {
    StrictKubernetesYaml yaml = new StrictKubernetesYaml();
    assertThatThrownBy(() -> yaml.parse("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec: {replica: 2}\n"))
        .hasMessageContaining("replica");
    assertThatThrownBy(() -> yaml.parse("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec: {replicas: two}\n"))
        .hasMessageContaining("two");
    assertThatThrownBy(() -> yaml.parse("""
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: x}
        spec: {template: {spec: {containers: [{name: x, image: x, readinessProbe: {httpGet: {paht: /health/ready}}}]}}}
        """)).hasMessageContaining("paht");
    assertThatThrownBy(() -> yaml.parse("apiVersion: v1\nkind: Servce\nmetadata: {name: x}\n")).hasMessageContaining("Servce");
  }

  @Test
  void everyAppOfTheTopologyHasAWorkloadWithItsPortAndExactlyItsEnvironmentNames() {
    assertThat(KUBERNETES_ONLY.keySet()).containsExactlyInAnyOrderElementsOf(topology.apps().stream().map(Topology.App::name).toList());
    for (Topology.App app : topology.apps()) {
      Container container = container(app.name());
      assertThat(container.getPorts()).as("%s's ports", app.name()).extracting(ContainerPort::getContainerPort).contains(app.port());
      Set<String> expected = new TreeSet<>(app.env());
      expected.addAll(KUBERNETES_ONLY.get(app.name()));
      assertThat(container.getEnv()).as("%s's environment names", app.name()).extracting(EnvVar::getName)
          .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
      assertThat(env(container, app.portVariable())).as("%s's %s", app.name(), app.portVariable())
          .contains(String.valueOf(app.port()));
    }
  }

  @Test
  void everyAppIsProbedOnItsImagesHealthCheckPath() throws IOException {
    for (Topology.App app : topology.apps()) {
      String dockerfile = Files.readString(REPOSITORY.resolve(app.dockerfile()));
      var healthCheck = HEALTH_CHECK_PATH.matcher(dockerfile);
      assertThat(healthCheck.find()).as("%s's HEALTHCHECK", app.dockerfile()).isTrue();
      Container container = container(app.name());
      assertThat(List.of(container.getReadinessProbe(), container.getLivenessProbe()))
          .as("%s's probes", app.name()).extracting(probe -> probe.getHttpGet().getPath()).contains(healthCheck.group(1));
    }
  }

  @Test
  void everyContainerHasReadinessAndLivenessProbesOnItsOwnPortsAndRequestsAndLimits() {
    for (Workload workload : manifests.workloads()) {
      for (Container container : containers(workload)) {
        String name = workload.name() + "/" + container.getName();
        assertThat(container.getReadinessProbe()).as("%s's readiness probe", name).isNotNull();
        assertThat(container.getLivenessProbe()).as("%s's liveness probe", name).isNotNull();
        for (Probe probe : probes(container)) {
          if (probe.getHttpGet() != null) {
            assertThat(portNumber(container, probe.getHttpGet().getPort())).as("%s's probe port", name).isPresent();
          }
        }
        assertThat(container.getResources().getRequests()).as("%s's requests", name).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).as("%s's limits", name).containsKeys("cpu", "memory");
      }
    }
  }

  @Test
  void everyPodRunsAsNonRootWithAReadOnlyRootAndNoCapabilities() {
    for (Workload workload : manifests.workloads()) {
      var pod = workload.template().getSpec();
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).as("%s runs as non-root", workload.name()).isTrue();
      assertThat(pod.getSecurityContext().getRunAsUser()).as("%s's user", workload.name()).isNotNull().isNotZero();
      for (Container container : containers(workload)) {
        var security = container.getSecurityContext();
        String name = workload.name() + "/" + container.getName();
        assertThat(security.getAllowPrivilegeEscalation()).as("%s escalates privileges", name).isFalse();
        assertThat(security.getReadOnlyRootFilesystem()).as("%s's read-only root", name).isTrue();
        assertThat(security.getCapabilities().getDrop()).as("%s's dropped capabilities", name).containsExactly("ALL");
        assertThat(security.getCapabilities().getAdd()).as("%s's added capabilities", name).isNullOrEmpty();
      }
    }
  }

  @Test
  void theProxysPodsHaveLongerToStopThanTheProxyDrainsRequestsInFlight() {
    Workload proxy = manifests.workloads().stream().filter(w -> w.name().equals("strangler-proxy")).findFirst().orElseThrow();

    Long grace = proxy.template().getSpec().getTerminationGracePeriodSeconds();

    assertThat(grace).as("strangler-proxy's terminationGracePeriodSeconds").isNotNull()
        .isGreaterThan(PROXY_SHUTDOWN_GRACE_SECONDS);
  }

  @Test
  void everyWorkloadOfMoreThanOneReplicaHasADisruptionBudgetThatLetsOnePodGo() {
    List<Workload> multi = manifests.workloads().stream().filter(w -> w.replicas() > 1).toList();
    assertThat(multi).extracting(Workload::name).contains("strangler-proxy", "catalog-service", "redis", "redis-sentinel");
    assertThat(manifests.workloads()).filteredOn(w -> w.name().equals("strangler-proxy")).singleElement()
        .satisfies(proxy -> assertThat(proxy.replicas()).isGreaterThanOrEqualTo(2));
    for (Workload workload : multi) {
      Map<String, String> labels = workload.template().getMetadata().getLabels();
      List<PodDisruptionBudget> budgets = manifests.of(PodDisruptionBudget.class).stream()
          .filter(pdb -> labels.entrySet().containsAll(pdb.getSpec().getSelector().getMatchLabels().entrySet())).toList();
      assertThat(budgets).as("%s's disruption budget", workload.name()).singleElement().satisfies(pdb -> {
        IntOrString min = pdb.getSpec().getMinAvailable();
        IntOrString max = pdb.getSpec().getMaxUnavailable();
        assertThat(min != null ? workload.replicas() - min.getIntVal() : max.getIntVal())
            .as("%s's pods a drain may take at once", workload.name()).isBetween(1, workload.replicas() - 1);
      });
    }
  }

  @Test
  void theAdminPortIsReachableInsideTheClusterButInNoPublicServiceOrIngress() {
    Topology.App proxy = app("strangler-proxy");
    int admin = Integer.parseInt(env(container(proxy.name()), "STRANGLER_ADMIN_PORT").orElseThrow());
    List<Service> exposingAdmin = manifests.of(Service.class).stream().filter(service -> targetPorts(service).contains(admin)).toList();
    assertThat(exposingAdmin).as("services reaching the admin port").isNotEmpty()
        .allSatisfy(service -> assertThat(type(service)).as(service.getMetadata().getName()).isEqualTo("ClusterIP"));
    assertThat(manifests.of(Service.class)).filteredOn(service -> PUBLIC_SERVICE_TYPES.contains(type(service)))
        .as("public services").isNotEmpty()
        .allSatisfy(service -> assertThat(targetPorts(service)).as(service.getMetadata().getName()).contains(proxy.port()).doesNotContain(admin));
    Set<String> adminServices = new TreeSet<>(exposingAdmin.stream().map(s -> s.getMetadata().getName()).toList());
    for (Ingress ingress : manifests.of(Ingress.class)) {
      assertThat(ingressServices(ingress)).as("%s's backends", ingress.getMetadata().getName()).doesNotContainAnyElementsOf(adminServices);
    }
  }

  @Test
  void redisHasAPrimaryAndReplicasWatchedByThreeSentinelsWithAQuorumOfTwo() {
    assertThat(workload("redis").replicas()).as("redis: a primary and its replicas").isGreaterThanOrEqualTo(3);
    assertThat(workload("redis-sentinel").replicas()).as("Sentinels").isEqualTo(3);
    String scripts = String.join("\n", manifests.named(ConfigMap.class, "redis-scripts").orElseThrow().getData().values());
    assertThat(scripts).contains("sentinel monitor $REDIS_MASTER_SET $primary 6379 2", "replicaof $primary 6379");
    assertThat(env(containers(workload("redis-sentinel")).getFirst(), "REDIS_MASTER_SET"))
        .isEqualTo(env(containers(workload("redis")).getFirst(), "REDIS_MASTER_SET"));
    assertThat(manifests.named(Service.class, "redis-sentinel")).as("the Sentinels' Service").isPresent()
        .get().satisfies(service -> assertThat(targetPorts(service)).containsExactly(26379));
  }

  @Test
  void everyAppFindsRedisThroughTheSentinels() {
    Container monolith = container("legacy-monolith");
    String masterSet = env(containers(workload("redis")).getFirst(), "REDIS_MASTER_SET").orElseThrow();
    assertThat(env(monolith, "SPRING_DATA_REDIS_SENTINEL_NODES")).contains("redis-sentinel:26379");
    assertThat(env(monolith, "SPRING_DATA_REDIS_SENTINEL_MASTER")).contains(masterSet);
    assertThat(manifests.named(Service.class, "redis-primary")).isPresent().get()
        .satisfies(service -> assertThat(service.getSpec().getSelector()).containsEntry("statefulset.kubernetes.io/pod-name", "redis-0"));
    int sentinels = manifests.named(StatefulSet.class, "redis-sentinel").orElseThrow().getSpec().getReplicas();
    for (Topology.App app : topology.apps()) {
      for (EnvVar var : container(app.name()).getEnv()) {
        if (var.getName().endsWith("REDIS_URL") && !var.getName().startsWith("SPRING_")) {
          String url = var.getValue();
          assertThat(url).as("%s's %s", app.name(), var.getName()).startsWith("redis-sentinel://").endsWith("/0?master=" + masterSet);
          for (int i = 0; i < sentinels; i++) {
            assertThat(url).as("%s's %s", app.name(), var.getName()).contains("redis-sentinel-" + i + ".redis-sentinel-headless:26379");
          }
        }
      }
    }
  }

  @Test
  void noSecretValueIsInTheManifestsOnlyReferencesToTheSecretTheExampleDescribes() throws IOException {
    assertThat(manifests.of(Secret.class)).as("Secrets in the rendered manifests").isEmpty();
    Set<String> referenced = new TreeSet<>();
    for (Workload workload : manifests.workloads()) {
      for (Container container : containers(workload)) {
        for (EnvVar var : container.getEnv()) {
          String name = workload.name() + "'s " + var.getName();
          assertThat(var.getValue()).as(name).satisfiesAnyOf(
              value -> assertThat(value).isNull(), value -> assertThat(value).doesNotMatch(CREDENTIALS_IN_URL));
          if (SECRET_NAME.matcher(var.getName()).matches()) {
            assertThat(var.getValueFrom()).as("%s comes from a Secret", name).isNotNull();
          }
          if (var.getValueFrom() != null && var.getValueFrom().getSecretKeyRef() != null) {
            assertThat(var.getValueFrom().getSecretKeyRef().getName()).as(name).isEqualTo(SECRET);
            referenced.add(var.getValueFrom().getSecretKeyRef().getKey());
          }
        }
      }
    }
    Secret example = (Secret) new StrictKubernetesYaml().parse(Files.readString(REPOSITORY.resolve(KubernetesManifests.SECRET_EXAMPLE))).getFirst();
    assertThat(example.getMetadata().getName()).isEqualTo(SECRET);
    assertThat(example.getStringData().keySet()).as("the example's keys").containsExactlyInAnyOrderElementsOf(referenced);
    assertThat(example.getStringData().values()).as("the example's values").containsOnly("REPLACE_ME");
    String readme = Files.readString(REPOSITORY.resolve("ops/k8s/README.md"));
    assertThat(referenced).allSatisfy(key -> assertThat(readme).as("the README's kubectl create secret").contains("--from-literal=" + key + "="));
  }

  private static Topology.App app(String name) {
    return topology.apps().stream().filter(app -> app.name().equals(name)).findFirst().orElseThrow();
  }

  private static Workload workload(String name) {
    return manifests.workloads().stream().filter(w -> w.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no Deployment or StatefulSet " + name));
  }

  private static List<Container> containers(Workload workload) {
    return workload.template().getSpec().getContainers();
  }

  /** The app's container: the one named after it in its workload. */
  private static Container container(String app) {
    return containers(workload(app)).stream().filter(c -> c.getName().equals(app)).findFirst()
        .orElseThrow(() -> new AssertionError(app + " has no container named " + app));
  }

  private static Optional<String> env(Container container, String name) {
    return container.getEnv().stream().filter(var -> var.getName().equals(name)).map(EnvVar::getValue).filter(Objects::nonNull).findFirst();
  }

  private static List<Probe> probes(Container container) {
    return Stream.of(container.getReadinessProbe(), container.getLivenessProbe(), container.getStartupProbe())
        .filter(Objects::nonNull).toList();
  }

  /** A port by number or by the name of one of the container's ports. */
  private static Optional<Integer> portNumber(Container container, IntOrString port) {
    if (port.getIntVal() != null) {
      return Optional.of(port.getIntVal());
    }
    return container.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName())).map(ContainerPort::getContainerPort).findFirst();
  }

  private static String type(Service service) {
    return Optional.ofNullable(service.getSpec().getType()).orElse("ClusterIP"); // Kubernetes' default
  }

  /** The container ports a Service reaches on the pods it selects. */
  private static Set<Integer> targetPorts(Service service) {
    Map<String, String> selector = service.getSpec().getSelector();
    Set<Integer> ports = new TreeSet<>();
    for (Workload workload : manifests.workloads()) {
      if (selector != null && workload.template().getMetadata().getLabels().entrySet().containsAll(selector.entrySet())) {
        for (ServicePort port : service.getSpec().getPorts()) {
          IntOrString target = port.getTargetPort() != null ? port.getTargetPort() : new IntOrString(port.getPort());
          containers(workload).forEach(container -> portNumber(container, target).ifPresent(ports::add));
        }
      }
    }
    return ports;
  }

  private static Set<String> ingressServices(Ingress ingress) {
    List<IngressBackend> backends = new ArrayList<>();
    if (ingress.getSpec().getDefaultBackend() != null) {
      backends.add(ingress.getSpec().getDefaultBackend());
    }
    for (IngressRule rule : Optional.ofNullable(ingress.getSpec().getRules()).orElse(List.of())) {
      if (rule.getHttp() != null) {
        rule.getHttp().getPaths().forEach(path -> backends.add(path.getBackend()));
      }
    }
    return new TreeSet<>(backends.stream().filter(b -> b.getService() != null).map(b -> b.getService().getName()).toList());
  }
}
