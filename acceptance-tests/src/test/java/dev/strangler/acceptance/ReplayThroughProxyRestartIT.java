package dev.strangler.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.strangler.compare.capture.CaptureLines;
import dev.strangler.compare.capture.CapturedExchange;
import dev.strangler.compare.capture.CapturedRequest;
import dev.strangler.compare.capture.CapturedResponse;
import dev.strangler.testsupport.FreePort;
import dev.strangler.testsupport.JavaProcess;
import dev.strangler.testsupport.RealRedis;
import dev.strangler.testsupport.RedisNamespace;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, scenario D: {@code strangler replay} with writes, through a proxy (a process) that is sent SIGTERM in the
 * middle of the run and started again once it has exited. The requests in flight at the SIGTERM finish (drain); the
 * replay waits for the proxy to come back instead of failing lines, and carries on; every write carries an
 * idempotency key derived from its captured exchange, and the backend (a real HTTP server counting writes per key)
 * sees each write exactly once.
 */
class ReplayThroughProxyRestartIT {

  private static final int WRITES = 40;
  private static final int READS = 20;
  private static final long BACKEND_WRITE_MILLIS = 150;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RedisNamespace redis = RealRedis.newNamespace("replay-restart");
  private final Path logs = Path.of(System.getProperty("acceptance.logs", "target/acceptance-logs")).resolve("replay-restart");
  private final List<JavaProcess> processes = new ArrayList<>();
  private final Map<String, AtomicInteger> writesByKey = new ConcurrentHashMap<>();
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final Set<String> completed = ConcurrentHashMap.newKeySet();
  private final ConcurrentLinkedQueue<Long> arrivals = new ConcurrentLinkedQueue<>();
  private final AtomicInteger unkeyedWrites = new AtomicInteger();
  private HttpServer backend;

  @BeforeEach
  void freshLogs() throws IOException {
    if (Files.exists(logs)) { // process logs append: start each test with its own
      try (var files = Files.walk(logs)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
    Files.createDirectories(logs);
  }

  @AfterEach
  void stop() {
    processes.forEach(JavaProcess::close);
    if (backend != null) {
      backend.stop(0);
    }
    redis.close();
  }

  @Test
  void aReplayThroughAProxyRestartedMidRunDrainsWaitsAndSendsEveryWriteOnce() throws Exception {
    startBackend();
    int port = FreePort.find();
    int admin = FreePort.find();
    Map<String, String> proxyEnv = proxyEnv(port, admin);
    JavaProcess proxy = startProxy("proxy", proxyEnv, admin);
    Path capture = writeCapture();
    Path json = logs.resolve("replay.json");
    String url = "http://127.0.0.1:" + port;
    JavaProcess replay = replay("replay", capture, url, json);

    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5)).until(() -> completed.size() >= 30
        && !inFlight.isEmpty());
    Set<String> inFlightAtTerm = Set.copyOf(inFlight);
    long term = System.nanoTime();
    int exit = proxy.stop(Duration.ofSeconds(40)); // SIGTERM, then waits for the process to end
    long drained = System.nanoTime();
    assertThat(exit).as("the proxy's exit after SIGTERM").isNotEqualTo(137);
    assertThat(completed).as("writes in flight at the SIGTERM finished before the proxy exited").containsAll(inFlightAtTerm);
    int doneAtTerm = completed.size();

    Thread.sleep(1_000); // the proxy stays down a second: the replay has to wait for it
    long restarting = System.nanoTime();
    startProxy("proxy-restarted", proxyEnv, admin);
    long up = System.nanoTime();

    assertThat(replay.awaitExit(Duration.ofSeconds(120))).as("the replay's exit code (0: every line matched)").isZero();
    JsonNode report = JSON.readTree(json.toFile());
    assertThat(report.at("/totals/errors").asLong()).isZero();
    assertThat(report.at("/totals/matched").asLong()).isEqualTo(WRITES + READS);
    assertThat(writesByKey).as("one key per write and pass (legacy, legacy again, candidate)").hasSize(3 * WRITES);
    assertThat(writesByKey.values()).as("each write reached the backend once").allMatch(n -> n.get() == 1);
    assertThat(unkeyedWrites.get()).isZero();
    String summary = replay.logTail(20);
    assertThat(summary).containsPattern("side unreachable [1-9]\\d* time\\(s\\)");

    long longestGap = 0;
    List<Long> sorted = arrivals.stream().sorted().toList();
    for (int i = 1; i < sorted.size(); i++) {
      longestGap = Math.max(longestGap, sorted.get(i) - sorted.get(i - 1));
    }
    System.out.printf("[replay-restart] %d writes in flight at SIGTERM, all finished; drain (SIGTERM to exit) %d ms;"
            + " proxy down %d ms (SIGTERM to ready again); longest gap between requests at the backend %d ms; %d of %d"
            + " writes done at SIGTERM; each of %d keys written once%n", inFlightAtTerm.size(), ms(drained - term),
        ms(up - term), longestGap, doneAtTerm, 3 * WRITES, writesByKey.size());
    System.out.printf("[replay-restart] replay summary: %s (restart took %d ms)%n",
        summary.lines().filter(l -> l.contains("side unreachable")).reduce((a, b) -> b).orElse("?").trim(), ms(up - restarting));
  }

  @Test
  void aReplayKilledMidRunIsResumedFromItsJournalAndReportsWhatAnUninterruptedRunDoes() throws Exception {
    startBackend();
    Path capture = writeCapture();
    int admin = FreePort.find();
    int port = FreePort.find();
    String url = "http://127.0.0.1:" + port;
    JavaProcess first = startProxy("proxy-reference", proxyEnv(port, admin, "reference:"), admin);
    Path reference = logs.resolve("reference.json");
    assertThat(replay("replay-reference", capture, url, reference).awaitExit(Duration.ofSeconds(120))).isZero();
    first.stop(Duration.ofSeconds(40));
    writesByKey.clear();
    completed.clear();

    // A proxy with an idempotency store of its own: the interrupted run's writes are new to it.
    startProxy("proxy-resume", proxyEnv(port, admin, "resume:"), admin);
    Path json = logs.resolve("interrupted.json");
    JavaProcess interrupted = replay("replay-interrupted", capture, url, json);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5)).until(() -> completed.size() >= 40);
    interrupted.kill();
    Set<String> inFlightAtKill = Set.copyOf(inFlight);
    Set<String> doneAtKill = Set.copyOf(completed);
    assertThat(Files.exists(ReplayJournalFile.of(json))).as("the journal the killed run left").isTrue();

    JavaProcess resumed = replay("replay-resumed", capture, url, json, "--resume");
    assertThat(resumed.awaitExit(Duration.ofSeconds(120))).isZero();
    assertThat(resumed.logTail(20)).containsPattern("resuming: [1-9]\\d* line\\(s\\) already done");
    assertThat(Files.exists(ReplayJournalFile.of(json))).as("the journal, once the report is written").isFalse();

    JsonNode expected = JSON.readTree(reference.toFile());
    JsonNode actual = JSON.readTree(json.toFile());
    for (String part : List.of("/totals", "/mismatchRate", "/passed", "/skipped", "/mismatched", "/errors")) {
      assertThat(actual.at(part)).as(part + " of the resumed run's report").isEqualTo(expected.at(part));
    }
    assertThat(writesByKey).as("one key per write and pass").hasSize(3 * WRITES);
    writesByKey.forEach((key, n) -> {
      if (inFlightAtKill.contains(key)) {
        // The proxy lost its client mid-request (499) and let the claim go: the backend dedupes on the key it got.
        assertThat(n.get()).as("deliveries of " + key + ", in flight at the kill").isBetween(1, 2);
      } else {
        assertThat(n.get()).as("deliveries of " + key).isEqualTo(1);
      }
    });
    System.out.printf("[replay-resume] replay SIGKILLed with %d of %d writes done and %d in flight; resumed: %s;"
            + " writes delivered twice: %d (of those in flight at the kill)%n", doneAtKill.size(), 3 * WRITES,
        inFlightAtKill.size(), resumed.logTail(20).lines().filter(l -> l.startsWith("resuming")).reduce((a, b) -> b)
            .orElse("?"), writesByKey.values().stream().filter(n -> n.get() > 1).count());
  }

  /** Where the replay keeps its journal: beside its JSON result. */
  private static final class ReplayJournalFile {
    static Path of(Path json) {
      return json.resolveSibling(json.getFileName() + ".journal");
    }
  }

  private JavaProcess replay(String name, Path capture, String url, Path json, String... more) {
    List<String> args = new ArrayList<>(List.of("replay", "--capture", capture.toString(), "--legacy", url,
        "--candidate", url, "--allow-writes", "--sandbox-header", "X-Replay:1", "--concurrency", "4",
        "--max-mismatch-rate", "0", "--timeout", "10", "--side-down-timeout", "60", "--json", json.toString(),
        "--no-progress"));
    args.addAll(List.of(more));
    JavaProcess replay = JavaProcess.start(name, Seam.jar("acceptance.cli.jar"), Map.of(), args, logs);
    processes.add(replay);
    return replay;
  }

  /** Writes take {@value #BACKEND_WRITE_MILLIS} ms and are counted per idempotency key; reads answer at once. */
  private void startBackend() throws IOException {
    backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    backend.setExecutor(Executors.newCachedThreadPool());
    backend.createContext("/api/orders", this::handle);
    backend.start();
  }

  private void handle(HttpExchange exchange) throws IOException {
    arrivals.add(System.nanoTime() / 1_000_000);
    byte[] body = exchange.getRequestBody().readAllBytes();
    String answer;
    if (exchange.getRequestMethod().equals("POST")) {
      String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
      if (key == null) {
        unkeyedWrites.incrementAndGet();
        key = "none";
      }
      writesByKey.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
      inFlight.add(key);
      try {
        Thread.sleep(BACKEND_WRITE_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      answer = "{\"created\": " + new String(body, StandardCharsets.UTF_8) + "}";
      respond(exchange, 201, answer);
      inFlight.remove(key);
      completed.add(key);
      return;
    }
    answer = "{\"path\": \"" + exchange.getRequestURI().getPath() + "\"}";
    respond(exchange, 200, answer);
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private Map<String, String> proxyEnv(int port, int admin) throws IOException {
    return proxyEnv(port, admin, "");
  }

  /** The proxy's settings; its keys (idempotency entries) under the test's prefix and {@code prefix}. */
  private Map<String, String> proxyEnv(int port, int admin, String prefix) throws IOException {
    Files.createDirectories(logs);
    Path routes = logs.resolve("routes.yaml");
    Files.writeString(routes, """
        apiVersion: strangler/v1
        backends:
          legacy: {urls: ["http://127.0.0.1:%d"]}
        routes:
          - id: orders-write
            match: {path: /api/orders, methods: [POST]}
            target: legacy
            idempotency: {mode: require}
          - id: orders-read
            match: {path: /api/orders/**, methods: [GET]}
            target: legacy
        """.formatted(backend.getAddress().getPort()));
    Map<String, String> env = new HashMap<>(Map.of(
        "STRANGLER_PUBLIC_HOST", "127.0.0.1", "STRANGLER_PUBLIC_PORT", String.valueOf(port),
        "STRANGLER_ROUTES_FILE", routes.toString(), "STRANGLER_REDIS_PREFIX", redis.prefix() + prefix,
        "STRANGLER_IDEMPOTENCY_REDIS_URL", redis.endpoint().uri(),
        "STRANGLER_ADMIN_HOST", "127.0.0.1", "STRANGLER_ADMIN_PORT", String.valueOf(admin),
        "STRANGLER_ADMIN_TOKEN", Seam.ADMIN_TOKEN, "STRANGLER_EVENT_LOOPS", "2"));
    return env;
  }

  private JavaProcess startProxy(String name, Map<String, String> env, int admin) {
    JavaProcess proxy = JavaProcess.start(name, Seam.jar("acceptance.proxy.jar"), env, List.of(), logs)
        .awaitReady("http://127.0.0.1:" + admin + "/admin/ready", Seam.START_TIMEOUT);
    processes.add(proxy);
    return proxy;
  }

  /** {@value #WRITES} order writes and {@value #READS} reads, as the proxy would have captured them. */
  private Path writeCapture() throws IOException {
    List<String> lines = new ArrayList<>();
    Instant at = Instant.parse("2026-11-01T10:00:00Z");
    for (int i = 0; i < WRITES + READS; i++) {
      boolean write = i % 3 != 2; // two writes, then a read
      lines.add(CaptureLines.write(write ? exchange(at.plusMillis(i), "orders-write", "unsafe", "POST", "/api/orders",
          "{\"order\": " + i + "}", 201, "{\"created\": {\"order\": " + i + "}}")
          : exchange(at.plusMillis(i), "orders-read", "safe", "GET", "/api/orders/" + i, "", 200,
              "{\"path\": \"/api/orders/" + i + "\"}")));
    }
    Path file = logs.resolve("capture.jsonl");
    Files.write(file, lines);
    return file;
  }

  private static CapturedExchange exchange(Instant at, String route, String sideEffect, String method, String uri,
                                           String body, int status, String answer) {
    Map<String, List<String>> headers = body.isEmpty() ? Map.of() : Map.of("content-type", List.of("application/json"));
    return new CapturedExchange(at, route, 1, null, sideEffect,
        new CapturedRequest(method, uri, headers, body.getBytes(StandardCharsets.UTF_8), false),
        new CapturedResponse(status, Map.of("content-type", List.of("application/json")),
            answer.getBytes(StandardCharsets.UTF_8), false, 1.0, "legacy"));
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }
}
