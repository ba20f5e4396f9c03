package dev.strangler.acceptance.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * ops/k8s/base as Kubernetes would get it: rendered by {@code kubectl kustomize} when kubectl is on the PATH, else its
 * kustomization's resource files as written (without kustomize's labels and image tags, which no check here reads);
 * every document parsed by {@link StrictKubernetesYaml}.
 */
public final class KubernetesManifests {

  public static final String BASE = "ops/k8s/base";
  public static final String SECRET_EXAMPLE = "ops/k8s/secret.example.yaml";
  private static final String KUBECTL = "kubectl";

  /** How the manifests were read: rendered by kubectl, or the base's files as written. */
  public enum Source { KUBECTL_KUSTOMIZE, BASE_FILES }

  /** A Deployment or StatefulSet: its kind, name, replicas and pod template. */
  public record Workload(String kind, String name, int replicas, PodTemplateSpec template) {}

  private final Source source;
  private final List<HasMetadata> resources;

  private KubernetesManifests(Source source, List<HasMetadata> resources) {
    this.source = source;
    this.resources = List.copyOf(resources);
  }

  public static KubernetesManifests render(Path repository) throws IOException, InterruptedException {
    StrictKubernetesYaml yaml = new StrictKubernetesYaml();
    Path base = repository.resolve(BASE);
    Optional<Path> kubectl = onPath(KUBECTL);
    if (kubectl.isPresent()) {
      return new KubernetesManifests(Source.KUBECTL_KUSTOMIZE, yaml.parse(kustomize(kubectl.get(), base)));
    }
    List<HasMetadata> resources = new ArrayList<>();
    for (JsonNode file : new ObjectMapper(new YAMLFactory()).readTree(base.resolve("kustomization.yaml").toFile()).path("resources")) {
      resources.addAll(yaml.parse(Files.readString(base.resolve(file.asText()))));
    }
    return new KubernetesManifests(Source.BASE_FILES, resources);
  }

  /** Whether {@link #render} renders with kubectl (else it reads the base's files). */
  public static boolean kubectlOnPath() {
    return onPath(KUBECTL).isPresent();
  }

  public Source source() {
    return source;
  }

  public List<HasMetadata> all() {
    return resources;
  }

  public <T extends HasMetadata> List<T> of(Class<T> type) {
    return resources.stream().filter(type::isInstance).map(type::cast).toList();
  }

  public <T extends HasMetadata> Optional<T> named(Class<T> type, String name) {
    return of(type).stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst();
  }

  /** Every Deployment and StatefulSet. */
  public List<Workload> workloads() {
    return Stream.concat(
        of(Deployment.class).stream().map(d -> new Workload("Deployment", d.getMetadata().getName(),
            replicas(d.getSpec().getReplicas()), d.getSpec().getTemplate())),
        of(StatefulSet.class).stream().map(s -> new Workload("StatefulSet", s.getMetadata().getName(),
            replicas(s.getSpec().getReplicas()), s.getSpec().getTemplate()))).toList();
  }

  private static int replicas(Integer declared) {
    return declared == null ? 1 : declared; // Kubernetes' default
  }

  private static String kustomize(Path kubectl, Path base) throws IOException, InterruptedException {
    Path errors = Files.createTempFile("kustomize", ".err");
    try {
      Process process = new ProcessBuilder(kubectl.toString(), "kustomize", base.toString())
          .redirectError(errors.toFile()).start();
      String rendered = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IOException("kubectl kustomize " + base + " failed: " + Files.readString(errors));
      }
      return rendered;
    } finally {
      Files.deleteIfExists(errors);
    }
  }

  private static Optional<Path> onPath(String command) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .filter(dir -> !dir.isBlank())
        .map(dir -> Path.of(dir, command))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
