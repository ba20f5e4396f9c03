package dev.strangler.acceptance.topology;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * ops/topology.yaml: the one definition of the apps the lab ({@code strangler lab}, which reads this file) and
 * docker-compose.yml start.
 */
public record Topology(Map<String, Integer> labSecrets, List<App> apps) {

  public static final String FILE = "ops/topology.yaml";

  /** How {@code strangler lab} runs the app: its jar, health URL, port settings, instances and environment. */
  public record Lab(String jar, List<String> args, String health, Map<String, String> ports, List<Instance> instances,
                    Map<String, String> env, Map<String, String> links) {

    /** Every environment name the lab sets on any of the app's processes. */
    public Set<String> environmentNames() {
      Set<String> names = new TreeSet<>(env.keySet());
      instances.forEach(instance -> names.addAll(instance.env() == null ? Set.of() : instance.env().keySet()));
      return names;
    }
  }

  /** One process of the lab: its name, its ports by name, environment of its own. */
  public record Instance(String process, Map<String, Integer> ports, Map<String, String> env) {}

  /** Where an app's metrics are scraped: its port and path. */
  public record Metrics(int port, String path) {}

  /**
   * One app: its Dockerfile, port and the environment variable names both start it with, then their differences;
   * {@code metrics} null when it has none.
   */
  public record App(String name, String dockerfile, int port, String portVariable, List<String> compose, Metrics metrics,
                    List<String> env, List<String> labOnly, List<String> composeOnly, Lab lab) {

    public Set<String> labEnv() {
      return union(env, labOnly);
    }

    public Set<String> composeEnv() {
      return union(env, composeOnly);
    }

    private static Set<String> union(List<String> a, List<String> b) {
      Set<String> all = new TreeSet<>(a);
      all.addAll(b);
      return all;
    }
  }

  public static Topology read(Path repository) throws IOException {
    return new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .readValue(repository.resolve(FILE).toFile(), Topology.class);
  }
}
