package dev.strangler.acceptance.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * ops/prometheus/alerts.yml alerts on metrics the apps define, and compose's Prometheus loads it: a renamed metric would
 * otherwise leave an alert that never fires. (Its syntax is {@code promtool check rules}' job, in .ci/run.)
 */
class AlertRulesTest {

  private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent(); // the module's folder is the cwd
  private static final Path ALERTS = REPOSITORY.resolve("ops/prometheus/alerts.yml");
  /** The apps' code, where meters are named. */
  private static final List<String> SOURCES = List.of("strangler-proxy/src/main/java", "outbox-relay/src/main/java",
      "extracted-services/service-kit/src/main/java");
  private static final Pattern METRIC = Pattern.compile("\\b(?:strangler|relay)_[a-z_]+\\b");
  /** What Prometheus adds to a meter's name: counters' total, timers' and histograms' series, the base unit. */
  private static final Pattern SUFFIXES = Pattern.compile("(_total|_count|_sum|_bucket|_max)$");

  @Test
  void everyMetricAnAlertNamesIsOneAnAppDefines() throws IOException {
    Set<String> named = new TreeSet<>();
    for (JsonNode group : yaml(ALERTS).path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        Matcher m = METRIC.matcher(rule.path("expr").asText());
        while (m.find()) {
          named.add(m.group());
        }
      }
    }
    String code = code();

    assertThat(named).as("metrics the alerts name").isNotEmpty()
        .allSatisfy(metric -> assertThat(meterNames(metric)).as("how an app would name %s", metric)
            .anyMatch(name -> code.contains('"' + name + '"')));
  }

  @Test
  void composesPrometheusLoadsTheAlerts() throws IOException {
    assertThat(yaml(REPOSITORY.resolve(PrometheusConfig.FILE)).path("rule_files").toString()).contains("alerts.yml");
    assertThat(Files.readString(REPOSITORY.resolve("docker-compose.yml")))
        .contains("./ops/prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro");
  }

  /** The names a meter exported as {@code metric} may have in code: with dots or underscores, with or without its unit. */
  private static List<String> meterNames(String metric) {
    String base = SUFFIXES.matcher(metric).replaceAll("");
    List<String> names = new ArrayList<>();
    for (String name : List.of(base, base.replaceAll("_seconds$", ""))) {
      names.add(name);
      names.add(name.replace('_', '.'));
    }
    return names;
  }

  private static String code() throws IOException {
    StringBuilder all = new StringBuilder();
    for (String dir : SOURCES) {
      try (Stream<Path> files = Files.walk(REPOSITORY.resolve(dir))) {
        files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
          try {
            all.append(Files.readString(f)).append('\n');
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      }
    }
    return all.toString();
  }

  private static JsonNode yaml(Path file) throws IOException {
    return new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
  }
}
