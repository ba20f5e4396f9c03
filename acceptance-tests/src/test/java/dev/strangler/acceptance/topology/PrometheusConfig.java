package dev.strangler.acceptance.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** ops/prometheus/prometheus.yml, compose's Prometheus configuration: which metrics paths each target is scraped at. */
public final class PrometheusConfig {

  public static final String FILE = "ops/prometheus/prometheus.yml";
  private static final String DEFAULT_PATH = "/metrics";

  private final JsonNode root;

  private PrometheusConfig(JsonNode root) {
    this.root = root;
  }

  public static PrometheusConfig read(Path repository) throws IOException {
    return new PrometheusConfig(new ObjectMapper(new YAMLFactory()).readTree(repository.resolve(FILE).toFile()));
  }

  /** The metrics paths of the jobs listing {@code host:port} among their static targets. */
  public List<String> pathsScraping(String target) {
    List<String> paths = new ArrayList<>();
    for (JsonNode job : root.path("scrape_configs")) {
      for (JsonNode targets : job.path("static_configs")) {
        for (JsonNode t : targets.path("targets")) {
          if (t.asText().equals(target)) {
            paths.add(job.path("metrics_path").asText(DEFAULT_PATH));
          }
        }
      }
    }
    return paths;
  }
}
