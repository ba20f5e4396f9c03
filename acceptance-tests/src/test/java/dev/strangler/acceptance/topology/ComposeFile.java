package dev.strangler.acceptance.topology;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml's services as written (SnakeYAML, which resolves the file's anchors and merge keys; Jackson does
 * not). Variables such as {@code ${STRANGLER_ADMIN_TOKEN:?...}} stay unexpanded: only names and literal values matter.
 */
public final class ComposeFile {

  public static final String FILE = "docker-compose.yml";

  private final Map<String, Map<String, Object>> services;

  private ComposeFile(Map<String, Map<String, Object>> services) {
    this.services = services;
  }

  @SuppressWarnings("unchecked")
  public static ComposeFile read(Path repository) throws IOException {
    try (Reader reader = Files.newBufferedReader(repository.resolve(FILE))) {
      Map<String, Object> root = new Yaml().load(reader);
      return new ComposeFile((Map<String, Map<String, Object>>) root.get("services"));
    }
  }

  public Optional<Map<String, Object>> service(String name) {
    return Optional.ofNullable(services.get(name));
  }

  /** The service's environment, from a map or a list of {@code NAME=value}. */
  public Map<String, String> environment(String name) {
    Map<String, String> env = new LinkedHashMap<>();
    Object declared = services.get(name).get("environment");
    if (declared instanceof Map<?, ?> map) {
      map.forEach((k, v) -> env.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
    } else if (declared instanceof List<?> list) {
      list.forEach(item -> {
        String entry = String.valueOf(item);
        int eq = entry.indexOf('=');
        env.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? "" : entry.substring(eq + 1));
      });
    }
    return env;
  }

  /** The service's published ports as written ({@code "HOST:CONTAINER"}, {@code "IP:HOST:CONTAINER"}). */
  public List<String> publishedPorts(String name) {
    return services.get(name).get("ports") instanceof List<?> ports ? ports.stream().map(String::valueOf).toList() : List.of();
  }

  /** The Dockerfile a service is built from, if it is built. */
  public Optional<String> dockerfile(String name) {
    return services.get(name).get("build") instanceof Map<?, ?> build
        ? Optional.ofNullable(build.get("dockerfile")).map(String::valueOf) : Optional.empty();
  }

  /** The service's own health check command as one string, if it declares one (else its image's applies). */
  public Optional<String> healthCheck(String name) {
    return services.get(name).get("healthcheck") instanceof Map<?, ?> check
        ? Optional.ofNullable(check.get("test")).map(String::valueOf) : Optional.empty();
  }
}
