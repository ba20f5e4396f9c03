package dev.strangler.testsupport;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Debian's chromium, headless, with a page open and driven over the DevTools protocol: the test asks the live page
 * for values ({@link #evaluate}) as often as it likes, so it sees what the page's own script renders over time.
 * Missing chromium skips the test, unless {@code STRANGLER_REQUIRE_CHROMIUM=1}: then it fails.
 */
public final class HeadlessChromium implements AutoCloseable {

  /** How long one DevTools call may take. */
  public static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  private final Process process;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();

  /** The chromium executable, or the test is skipped (failed when {@code STRANGLER_REQUIRE_CHROMIUM=1}). */
  public static Path find() {
    Path found = Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser").map(Path::of)
        .filter(Files::isExecutable).findFirst().orElse(null);
    if (found == null) {
      if ("1".equals(System.getenv("STRANGLER_REQUIRE_CHROMIUM"))) {
        fail("STRANGLER_REQUIRE_CHROMIUM=1 but no chromium at /usr/bin/chromium (apt-get install chromium)");
      }
      assumeTrue(false, "no chromium installed");
    }
    return found;
  }

  /** Opens {@code url} in a fresh profile under {@code dir}. */
  public static HeadlessChromium open(Path dir, String url) throws IOException, InterruptedException {
    Path chromium = find();
    int port = FreePort.find();
    Process process = new ProcessBuilder(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--user-data-dir=" + dir.resolve("profile"), "--remote-debugging-address=127.0.0.1",
        "--remote-debugging-port=" + port, "--no-first-run", url))
        .redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile()).start();
    try {
      return new HeadlessChromium(process, pageSocket(port, process));
    } catch (IOException | InterruptedException | RuntimeException e) {
      process.destroyForcibly();
      throw e;
    }
  }

  private HeadlessChromium(Process process, URI page) {
    this.process = process;
    this.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(CALL_TIMEOUT)
        .buildAsync(page, new Listener()).join();
  }

  /** The page target's DevTools address, once chromium listens and has opened the page. */
  private static URI pageSocket(int port, Process process) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest list = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).timeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        JsonArray targets = new JsonArray(http.send(list, HttpResponse.BodyHandlers.ofString()).body());
        for (Object t : targets) {
          JsonObject target = (JsonObject) t;
          if ("page".equals(target.getString("type")) && target.getString("webSocketDebuggerUrl") != null) {
            return URI.create(target.getString("webSocketDebuggerUrl"));
          }
        }
      } catch (IOException notYet) {
        // chromium is still starting
      }
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IOException("chromium's DevTools did not come up on port " + port + " (alive: " + process.isAlive() + ")");
      }
      // Waits on the process, not a sleep: returns early if chromium dies.
      process.waitFor(100, TimeUnit.MILLISECONDS);
    }
  }

  /** The value of a JavaScript expression in the page (strings, numbers, booleans; null for undefined). */
  public Object evaluate(String expression) {
    JsonObject reply = call("Runtime.evaluate", new JsonObject().put("expression", expression).put("returnByValue", true));
    JsonObject result = reply.getJsonObject("result", new JsonObject());
    if (result.containsKey("exceptionDetails")) {
      throw new IllegalStateException("the page threw: " + result.getJsonObject("exceptionDetails").encode());
    }
    return result.getJsonObject("result", new JsonObject()).getValue("value");
  }

  private JsonObject call(String method, JsonObject params) {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonObject> reply = new CompletableFuture<>();
    pending.put(id, reply);
    socket.sendText(new JsonObject().put("id", id).put("method", method).put("params", params).encode(), true);
    JsonObject answer = reply.orTimeout(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
    if (answer.containsKey("error")) {
      throw new IllegalStateException(method + " failed: " + answer.getJsonObject("error").encode());
    }
    return answer;
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        JsonObject message = new JsonObject(partial.toString());
        partial.setLength(0);
        CompletableFuture<JsonObject> waiting = message.containsKey("id") ? pending.remove(message.getInteger("id")) : null;
        if (waiting != null) {
          waiting.complete(message);
        }
      }
      webSocket.request(1);
      return null;
    }
  }

  /**
   * Ends chromium and every process it started (zygote, renderers, GPU and network services): they outlive a
   * terminated parent for a moment and keep writing into the profile, so a test's temporary directory could not be
   * deleted behind them ("Failed to close extension context" in CI). Returns once none of them runs any more.
   */
  @Override
  public void close() throws InterruptedException {
    List<ProcessHandle> children = process.descendants().toList();
    socket.abort();
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    children.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    for (ProcessHandle child : children) {
      while (running(child) && System.nanoTime() < deadline) {
        // Not a child of this JVM, so nothing to wait on: a bounded poll of its state.
        child.onExit().completeOnTimeout(child, 50, TimeUnit.MILLISECONDS).join();
      }
      if (running(child)) {
        child.destroyForcibly();
      }
    }
  }

  /** Chromium and the processes it has started so far (package-private: for the test of {@link #close}). */
  List<ProcessHandle> processTree() {
    return Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
  }

  /** Alive and not a zombie (a zombie is dead but not yet reaped by whoever adopted it, and writes nothing). */
  static boolean running(ProcessHandle process) {
    if (!process.isAlive()) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
      // "pid (comm) S ...": the state follows the command name's closing parenthesis.
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException | RuntimeException gone) {
      return false;
    }
  }
}
