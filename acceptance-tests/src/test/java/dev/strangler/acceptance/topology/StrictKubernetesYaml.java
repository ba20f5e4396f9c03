package dev.strangler.acceptance.topology;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes YAML read into fabric8's typed model, strictly: fabric8's classes keep unknown fields in an
 * {@code additionalProperties} map (their {@code @JsonAnySetter}), which this mapper switches off, so a misspelt or
 * misplaced field fails like a mistyped value does. Only the kinds of {@link #KINDS} are known.
 */
public final class StrictKubernetesYaml {

  /** The kinds a manifest of ops/k8s may have, by {@code apiVersion/kind}. */
  public static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
      "v1/ConfigMap", ConfigMap.class,
      "v1/Secret", Secret.class,
      "v1/Service", Service.class,
      "v1/ServiceAccount", ServiceAccount.class,
      "apps/v1/Deployment", Deployment.class,
      "apps/v1/StatefulSet", StatefulSet.class,
      "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
      "networking.k8s.io/v1/Ingress", Ingress.class,
      "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class);

  private final ObjectMapper mapper = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .setAnnotationIntrospector(new NoFabric8AnySetter());

  /** Every document of a (multi-document) YAML text, typed by its kind; empty documents are skipped. */
  public List<HasMetadata> parse(String yaml) throws IOException {
    List<HasMetadata> resources = new ArrayList<>();
    try (var documents = mapper.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
      while (documents.hasNextValue()) {
        JsonNode document = documents.nextValue();
        if (document != null && !document.isNull() && !document.isEmpty()) {
          resources.add(typed(document));
        }
      }
    }
    return resources;
  }

  private HasMetadata typed(JsonNode document) throws IOException {
    String kind = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
    Class<? extends HasMetadata> type = KINDS.get(kind);
    if (type == null) {
      throw new IOException("unknown kind " + kind + " (known: " + KINDS.keySet() + ") in " + document.path("metadata"));
    }
    return mapper.treeToValue(document, type);
  }

  /** fabric8's classes without their catch-all setter: unknown fields are then unknown properties. */
  private static final class NoFabric8AnySetter extends JacksonAnnotationIntrospector {

    @Override
    public Boolean hasAnySetter(Annotated annotated) {
      return fabric8(annotated) ? Boolean.FALSE : super.hasAnySetter(annotated);
    }

    private static boolean fabric8(Annotated annotated) {
      return annotated instanceof AnnotatedMember member && member.getDeclaringClass().getName().startsWith("io.fabric8.");
    }
  }
}
