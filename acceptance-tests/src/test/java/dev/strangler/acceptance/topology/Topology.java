package dev.strangler.acceptance.topology;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** ops/topology.yaml: the one definition of the apps the lab and docker-compose.yml start. */
public record Topology(List<App> apps) {

  public static final String FILE = "ops/topology.yaml";

  /** The lab's process name ({@code $port} stands for each of its ports) and the lab setting holding the port. */
  public record Lab(String process, String portSetting) {}

  /** Where an app's metrics are scraped: its port and path. */
  public record Metrics(int port, String path) {}

  /**
   * One app: its Dockerfile, port and the environment variable names both start it with, then their differences;
   * {@code metrics} null when it has none.
   */
  public record App(String name, String dockerfile, int port, String portVariable, Lab lab, List<String> compose, Metrics metrics,
                    List<String> env, List<String> labOnly, List<String> composeOnly) {

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
