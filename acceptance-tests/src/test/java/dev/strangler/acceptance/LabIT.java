package dev.strangler.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strangler.testsupport.FreePort;
import dev.strangler.testsupport.JavaProcess;
import dev.strangler.testsupport.PostgresDatabase;
import dev.strangler.testsupport.RealPostgres;
import dev.strangler.testsupport.RedisServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code strangler lab} for real, from the built jars as a user runs it: {@code lab up} starts the whole lab (with two
 * proxies) on ports, a redis-server and a database of the test's own; both proxies serve through to the monolith and
 * follow one route table; {@code lab status}, {@code lab logs} and {@code lab down} do what they say.
 */
class LabIT {

  private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent(); // the module's folder is the cwd
  private static final Duration UP_TIMEOUT = Duration.ofMinutes(4);
  private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(1);
  /** The lab's eight processes, in start order. */
  private static final List<String> PROCESSES = List.of("legacy-monolith", "outbox-relay", "strangler-proxy-1",
      "strangler-proxy-2", "catalog-service-1", "catalog-service-2", "orders-service", "orders-relay");
  private static final ObjectMapper JSON = new ObjectMapper();
  /** 127.0.0.1 in /proc/net/tcp, and in tcp6 as ::ffff:127.0.0.1 and as ::1. */
  private static final Set<String> LOOPBACK = Set.of("0100007F", "0000000000000000FFFF00000100007F",
      "00000000000000000000000001000000");

  private final Http http = new Http();
  private final Path logs = Path.of(System.getProperty("acceptance.logs", "target/acceptance-logs")).resolve("lab");
  private final Path state = logs.resolve("state");
  private final Map<String, Integer> ports = new HashMap<>();
  private RedisServerProcess redis;
  private PostgresDatabase database;
  private Map<String, String> env;

  @BeforeEach
  void ownRedisDatabaseAndPorts() throws IOException {
    deleteRecursively(logs);
    redis = RedisServerProcess.start(); // the lab's keys are not prefixed: a server of its own, never the shared one
    database = RealPostgres.newDatabase("lab");
    Set<Integer> free = new LinkedHashSet<>();
    while (free.size() < 10) {
      free.add(FreePort.find());
    }
    List<Integer> p = new ArrayList<>(free);
    List.of("legacy", "proxy1", "proxy2", "admin1", "admin2", "catalog1", "catalog2", "orders", "relay", "ordersRelay")
        .forEach(name -> ports.put(name, p.get(ports.size())));
    env = new HashMap<>(Map.of(
        "REDIS_URL", redis.endpoint().uri(),
        "DATABASE_URL", database.jdbcUrl(),
        "DATABASE_USER", database.username(),
        "DATABASE_PASSWORD", database.password() == null ? "" : database.password(),
        "LEGACY_PORT", String.valueOf(ports.get("legacy")),
        "PROXY_PORT", ports.get("proxy1") + " " + ports.get("proxy2"),
        "ADMIN_PORT", ports.get("admin1") + " " + ports.get("admin2"),
        "CATALOG_PORTS", ports.get("catalog1") + " " + ports.get("catalog2"),
        "ORDERS_PORT", String.valueOf(ports.get("orders")),
        "RELAY_PORT", String.valueOf(ports.get("relay"))));
    env.putAll(Map.of(
        "ORDERS_RELAY_PORT", String.valueOf(ports.get("ordersRelay")),
        // Inherited by the processes: quick password hashes for the seeded customers, a JVM that starts fast.
        "ACME_PASSWORD_BCRYPT_STRENGTH", "4",
        "LAB_JAVA_OPTS", "-Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1",
        "LAB_STOP_TIMEOUT", "20"));
  }

  @AfterEach
  void nothingLeftBehind() {
    try {
      if (Files.isDirectory(state.resolve("pids")) && !recordedPids().isEmpty()) {
        lab("lab-down-cleanup", "down");
      }
    } finally {
      recordedPids().values().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
      database.close();
      redis.close();
    }
  }

  @Test
  void labUpRunsTwoProxiesOnOneRedisThatFollowOneRouteTableAndLabDownStopsEveryProcess() throws Exception {
    long upStart = System.nanoTime();
    String up = lab("lab-up", "up");
    Duration upTook = Duration.ofNanos(System.nanoTime() - upStart);
    assertThat(up).contains("lab: up in ", "lab: started strangler-proxy-2");

    // Both proxies answer through to the monolith (no route table yet: the default route, legacy).
    for (String proxy : List.of("proxy1", "proxy2")) {
      Http.Reply reply = http.get(url(proxy, "/api/categories"), Map.of());
      assertThat(reply.status()).as(proxy).isEqualTo(200);
      assertThat(reply.header("x-strangler-backend")).as(proxy).isEqualTo("legacy");
    }
    // Both report the same applied epoch, each listing both instances.
    for (String admin : List.of("admin1", "admin2")) {
      await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
        JsonNode fleet = admin(admin, "GET", "/admin/fleet", null, null);
        assertThat(fleet.path("allApplied").asBoolean()).as(admin).isTrue();
        assertThat(fleet.findValuesAsText("id")).containsExactlyInAnyOrder("lab-proxy-1", "lab-proxy-2");
      });
    }

    // A route table applied and a route flipped through proxy 1's admin API: proxy 2 applies both.
    String table = Files.readString(REPOSITORY.resolve("strangler-proxy/examples/lab-routes.yaml"))
        .replace("http://127.0.0.1:8081", "http://127.0.0.1:" + ports.get("legacy"));
    admin("admin1", "PUT", "/admin/routes?wait=true", table, "application/yaml");
    JsonNode flip = admin("admin1", "POST", "/admin/routes/catalog-read/flip?wait=true",
        "{\"target\": {\"extracted\": \"catalog-service\"}, \"reason\": \"LabIT\"}", "application/json");
    long epoch = flip.path("epoch").asLong();
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      Http.Reply reply = http.get(url("proxy2", "/api/products?size=1"), Map.of());
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.header("x-strangler-route")).isEqualTo("catalog-read");
      assertThat(reply.header("x-strangler-backend")).isEqualTo("catalog-service");
      assertThat(reply.header("x-strangler-epoch")).isEqualTo(String.valueOf(epoch));
    });
    JsonNode fleet = admin("admin2", "GET", "/admin/fleet", null, null);
    assertThat(fleet.path("epoch").asLong()).isEqualTo(epoch);
    assertThat(fleet.path("instances").findValuesAsText("appliedEpoch")).containsOnly(String.valueOf(epoch));
    // The monolith's actuator is not public through the lab's route table.
    assertThat(http.get(url("proxy1", "/actuator/prometheus"), Map.of()).status()).isEqualTo(404);

    // Up again keeps what runs: nothing is started twice.
    assertThat(lab("lab-up-again", "up")).contains("lab: strangler-proxy-2 already running").doesNotContain("lab: started");

    String status = lab("lab-status", "status");
    for (String process : PROCESSES) {
      assertThat(status).containsPattern("(?m)^" + process + "\\s+up\\s+\\d+\\s");
    }
    assertThat(status).contains("http://127.0.0.1:" + ports.get("proxy1"), "http://127.0.0.1:" + ports.get("proxy2"),
        "http://127.0.0.1:" + ports.get("admin1") + "/admin", "http://127.0.0.1:" + ports.get("admin2") + "/admin",
        "http://127.0.0.1:" + ports.get("admin1") + "/admin/dashboard");

    // On a shared machine the lab listens on loopback only: every port of it, the proxies' public ones included.
    if (Files.isReadable(Path.of("/proc/net/tcp"))) {
      ports.forEach((name, port) -> assertThat(listeningAddresses(port)).as("%s (port %d) listens on", name, port)
          .isNotEmpty().allMatch(LOOPBACK::contains));
    }

    String logLines = lab("lab-logs", "logs", "--no-follow", "-n", "3");
    for (String process : PROCESSES) {
      assertThat(logLines).containsPattern("(?m)^" + process + " *\\| \\S");
    }

    Map<String, Long> pids = recordedPids();
    assertThat(pids.keySet()).containsExactlyInAnyOrderElementsOf(PROCESSES);
    long downStart = System.nanoTime();
    String down = lab("lab-down", "down");
    Duration downTook = Duration.ofNanos(System.nanoTime() - downStart);
    assertThat(down).contains("lab: stopped 8 processes").doesNotContain("killed");
    pids.forEach((name, pid) -> assertThat(stillRuns(pid)).as(name + " (pid " + pid + ") still runs").isFalse());
    assertThat(recordedPids()).isEmpty();
    System.out.printf("LabIT: lab up took %.1fs (%s), lab down %.1fs%n", upTook.toMillis() / 1000.0,
        up.lines().filter(l -> l.startsWith("lab: up in")).findFirst().orElse("?"), downTook.toMillis() / 1000.0);
  }

  /**
   * Whether {@code pid} still runs: the JDK says alive and Linux's {@code /proc} does not say it has exited. An exited
   * lab process waits for this machine's init to collect it (its parent, the lab command, is gone), and meanwhile
   * the JDK calls it alive; {@code lab down} counts it as stopped.
   */
  private static boolean stillRuns(long pid) {
    if (ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty()) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (IOException e) {
      return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false); // gone meanwhile, or no /proc
    }
  }

  /** Runs {@code strangler lab ARGS} from the CLI's jar; its output, after checking it exited with 0. */
  private String lab(String name, String... args) {
    List<String> command = new ArrayList<>(List.of("lab"));
    command.addAll(List.of(args));
    command.addAll(List.of("--root", REPOSITORY.toString(), "--state", state.toString()));
    JavaProcess cli = JavaProcess.start(name, Seam.jar("acceptance.cli.jar"), env, command, logs);
    int exit = cli.awaitExit(args[0].equals("up") ? UP_TIMEOUT : COMMAND_TIMEOUT);
    assertThat(exit).as("strangler %s exited with %d; its output ends:%n%s", String.join(" ", command), exit, cli.logTail(60))
        .isZero();
    try {
      return Files.readString(cli.log());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private String url(String port, String path) {
    return "http://127.0.0.1:" + ports.get(port) + path;
  }

  private JsonNode admin(String port, String method, String path, String body, String contentType)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(port, path))).timeout(Duration.ofSeconds(20))
        .header("Authorization", "Bearer " + Files.readString(state.resolve("admin-token")).strip())
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    Optional.ofNullable(contentType).ifPresent(type -> request.header("Content-Type", type));
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpResponse<String> reply = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(reply.statusCode()).as("%s %s: %s", method, path, reply.body()).isBetween(200, 299);
      return JSON.readTree(reply.body());
    }
  }

  /**
   * The local addresses of this machine's listening TCP sockets on {@code port}, as Linux's {@code /proc/net/tcp} and
   * {@code tcp6} write them (hex: {@code 0100007F} is 127.0.0.1, {@code 00000000} every IPv4 interface).
   */
  private static Set<String> listeningAddresses(int port) {
    Set<String> addresses = new LinkedHashSet<>();
    String suffix = String.format(":%04X", port);
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      try {
        for (String line : Files.readAllLines(Path.of(table)).stream().skip(1).toList()) { // after the column titles
          String[] fields = line.trim().split("\\s+");
          if (fields[1].endsWith(suffix) && fields[3].equals("0A")) { // 0A: LISTEN
            addresses.add(fields[1].substring(0, fields[1].length() - suffix.length()));
          }
        }
      } catch (IOException e) {
        // no IPv6 table on this machine
      }
    }
    return addresses;
  }

  /** The pids the lab's folder records, by process. */
  private Map<String, Long> recordedPids() {
    Map<String, Long> pids = new HashMap<>();
    Path dir = state.resolve("pids");
    if (!Files.isDirectory(dir)) {
      return pids;
    }
    try (Stream<Path> files = Files.list(dir)) {
      files.forEach(file -> {
        try {
          pids.put(file.getFileName().toString().replace(".pid", ""), Long.parseLong(Files.readString(file).strip()));
        } catch (IOException | NumberFormatException e) {
          throw new IllegalStateException("unreadable pid file " + file, e);
        }
      });
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return pids;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }
}
