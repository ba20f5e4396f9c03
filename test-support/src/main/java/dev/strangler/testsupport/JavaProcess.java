package dev.strangler.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A Java application a test runs as its own OS process ({@code java -jar}), as in production: its
 * output goes to a log file, it can be asked to stop (SIGTERM) or killed outright (SIGKILL).
 */
public final class JavaProcess implements AutoCloseable {

  /** How long a graceful stop may take before the process is killed. */
  public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(15);
  /** Heap of each process: the test machine runs several at once. */
  public static final String DEFAULT_MAX_HEAP = "384m";

  private final String name;
  private final Process process;
  private final Path log;
  /** Where this run's output starts in {@link #log}: the file is appended to, and may hold an earlier run's. */
  private final long logStart;

  private JavaProcess(String name, Process process, Path log, long logStart) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.logStart = logStart;
  }

  /** Starts {@code jar} with {@code env} added to this process's environment and {@code args} after the jar. */
  public static JavaProcess start(String name, Path jar, Map<String, String> env, List<String> args, Path logDir) {
    Objects.requireNonNull(jar, "jar == null");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " does not exist: build it first (mvn package)");
    }
    List<String> launch = new ArrayList<>(List.of("-jar", jar.toString()));
    launch.addAll(args);
    return launch(name, launch, env, logDir);
  }

  /** Starts {@code mainClass} from {@code classpath} (e.g. this test's own, {@code java.class.path}): for test programs. */
  public static JavaProcess startClass(String name, String classpath, String mainClass, Map<String, String> env,
                                       List<String> args, Path logDir) {
    List<String> launch = new ArrayList<>(List.of("-cp", Objects.requireNonNull(classpath, "classpath == null"),
        Objects.requireNonNull(mainClass, "mainClass == null")));
    launch.addAll(args);
    return launch(name, launch, env, logDir);
  }

  private static JavaProcess launch(String name, List<String> launch, Map<String, String> env, Path logDir) {
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx" + DEFAULT_MAX_HEAP, "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-Xshare:auto"));
    if (Runtime.version().feature() >= 24) {
      command.add("--sun-misc-unsafe-memory-access=allow"); // Netty's buffers, quiet on new JDKs
    }
    command.addAll(launch);
    try {
      Files.createDirectories(logDir);
      Path log = logDir.resolve(name + ".log");
      long logStart = Files.exists(log) ? Files.size(log) : 0;
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().putAll(env);
      return new JavaProcess(name, builder.start(), log, logStart);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + name, e);
    }
  }

  /** The java that runs this test, so child processes get the same JDK. */
  private static String javaBinary() {
    return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /** Waits until {@code url} answers 2xx; fails with the end of the process's log when it dies or takes too long. */
  public JavaProcess awaitReady(String url, Duration timeout) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build();
    try {
      await().atMost(timeout).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
        if (!process.isAlive()) {
          throw new IllegalStateException(name + " exited with " + process.exitValue());
        }
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() / 100 == 2;
      });
    } catch (RuntimeException e) {
      throw new IllegalStateException(name + " did not become ready at " + url + " within " + timeout + "; its log ends:\n"
          + logTail(40), e);
    }
    return this;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path log() {
    return log;
  }

  /** What this run of the process has written so far (not an earlier run's lines in the same file). */
  private String output() throws IOException {
    if (!Files.exists(log)) {
      return "";
    }
    byte[] all = Files.readAllBytes(log);
    int from = (int) Math.min(logStart, all.length);
    return new String(all, from, all.length - from, StandardCharsets.UTF_8);
  }

  /** The last {@code lines} lines of the process's output. */
  public String logTail(int lines) {
    try {
      List<String> all = output().lines().toList();
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  /**
   * Waits until the process's output has a line containing {@code text} (a readiness line); fails when it dies first.
   * Only this run's output counts: a log of the same name keeps an earlier run's lines above it (logs are appended
   * per name, so give each run of a restarted program a name of its own to keep their logs apart).
   */
  public JavaProcess awaitLogLine(String text, Duration timeout) {
    try {
      await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
        if (output().contains(text)) {
          return true;
        }
        if (!process.isAlive()) {
          throw new IllegalStateException(name + " exited with " + process.exitValue());
        }
        return false;
      });
    } catch (RuntimeException e) {
      throw new IllegalStateException(name + " never logged '" + text + "' within " + timeout + "; its log ends:\n"
          + logTail(40), e);
    }
    return this;
  }

  /** SIGKILL: no shutdown hook runs, nothing is unregistered — as when a machine dies. */
  public void kill() {
    resumeIfAlive(); // a stopped process only dies of SIGKILL, but its reaper must see it exit
    process.destroyForcibly();
    waitFor(DEFAULT_STOP_TIMEOUT);
  }

  /** SIGSTOP: the process keeps its sockets open but does nothing, as in a long GC pause or a hung host. */
  public void pause() {
    Signals.send("STOP", pid());
  }

  /** SIGCONT: a paused process runs again. */
  public void resume() {
    Signals.send("CONT", pid());
  }

  /** Waits for a process that ends on its own (a command); killed when it takes longer than {@code timeout}. */
  public int awaitExit(Duration timeout) {
    if (!waitFor(timeout)) {
      kill();
      throw new IllegalStateException(name + " did not finish within " + timeout + "; its log ends:\n" + logTail(40));
    }
    return process.exitValue();
  }

  /** SIGTERM, then SIGKILL when it hasn't exited within {@code timeout}; returns the exit code. */
  public int stop(Duration timeout) {
    resumeIfAlive();
    process.destroy();
    if (!waitFor(timeout)) {
      process.destroyForcibly();
      waitFor(DEFAULT_STOP_TIMEOUT);
    }
    return process.exitValue();
  }

  /** A paused process can't act on SIGTERM: continue it first (harmless when it runs). */
  private void resumeIfAlive() {
    if (process.isAlive()) {
      Signals.send("CONT", pid());
    }
  }

  private boolean waitFor(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      stop(DEFAULT_STOP_TIMEOUT);
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ")";
  }
}
