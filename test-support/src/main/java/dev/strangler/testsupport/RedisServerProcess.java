package dev.strangler.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A {@code redis-server} process of the test's own, on a free loopback port, that the test may
 * kill, pause, resume and restart. Nothing is persisted; the port stays the same across restarts.
 */
public final class RedisServerProcess implements AutoCloseable {

  /** How long start-up may take before the harness gives up. */
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(15);

  private static final String SERVER_READY = "Ready to accept connections";
  private static final String SENTINEL_READY = "+monitor master";

  private final Path binary;
  private final int port;
  private final Path dir;
  private final Path sentinelConfig;
  private final List<String> extraArguments;
  private final TestCertificates tls;
  private Process process;

  private RedisServerProcess(Path binary, int port, Path dir, Path sentinelConfig, List<String> extraArguments,
      TestCertificates tls) {
    this.binary = binary;
    this.port = port;
    this.dir = dir;
    this.sentinelConfig = sentinelConfig;
    this.extraArguments = List.copyOf(extraArguments);
    this.tls = tls;
  }

  /** Starts one with the PATH or bundled binary. */
  public static RedisServerProcess start() {
    return start(RedisBinary.locate());
  }

  public static RedisServerProcess start(Path binary) {
    return start(binary, null, List.of(), null);
  }

  /**
   * Starts one with more command-line settings ({@code --replicaof 127.0.0.1 6390}, {@code --aclfile /x/users.acl}),
   * kept across restarts.
   */
  public static RedisServerProcess startWith(List<String> extraArguments) {
    return start(RedisBinary.locate(), null, extraArguments, null);
  }

  /**
   * Starts one that speaks only TLS on its port ({@code --port 0 --tls-port <port>}), with the server certificate of
   * {@code certificates} and clients not asked for a certificate; more settings as in {@link #startWith(List)}.
   */
  public static RedisServerProcess startTls(TestCertificates certificates, List<String> extraArguments) {
    return start(RedisBinary.locate(), null, extraArguments, Objects.requireNonNull(certificates, "certificates == null"));
  }

  /**
   * Starts {@code redis-server <config> --sentinel}; the sentinel rewrites {@code config} (it must be writable) and is
   * ready once it monitors its master.
   */
  public static RedisServerProcess startSentinel(Path config) {
    return start(RedisBinary.locate(), Objects.requireNonNull(config, "config == null"), List.of(), null);
  }

  private static RedisServerProcess start(Path binary, Path sentinelConfig, List<String> extraArguments,
      TestCertificates tls) {
    Objects.requireNonNull(binary, "binary == null");
    try {
      Path dir = Files.createTempDirectory("strangler-redis-");
      RedisServerProcess server = new RedisServerProcess(binary, FreePort.find(), dir, sentinelConfig, extraArguments, tls);
      server.launch();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start redis-server " + binary, e);
    }
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  public Path binary() {
    return binary;
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** True when the port speaks only TLS ({@link #startTls}). */
  public boolean tls() {
    return tls != null;
  }

  public RedisEndpoint endpoint() {
    return new RedisEndpoint("127.0.0.1", port, null, null, 0, "redis-server process " + binary);
  }

  /** SIGKILL: the server dies at once, as in a crash. Returns when the process is gone. */
  public void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("redis-server " + pid() + " did not die");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** SIGSTOP: the server keeps its sockets but answers nothing, as in a long GC pause or a hung host. */
  public void pause() {
    signal("STOP");
  }

  /** SIGCONT: a paused server answers again. */
  public void resume() {
    signal("CONT");
  }

  /** Starts the server again on the same port, with an empty dataset; kills it first if it still runs. */
  public void restart() {
    if (isAlive()) {
      resume();
      kill();
    }
    try {
      launch();
    } catch (IOException e) {
      throw new UncheckedIOException("could not restart redis-server on port " + port, e);
    }
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      signal("CONT");
      kill();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp dir left behind is harmless
    }
  }

  private void launch() throws IOException {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    if (sentinelConfig != null) {
      command.addAll(List.of(sentinelConfig.toString(), "--sentinel"));
    }
    if (tls == null) {
      command.addAll(List.of("--port", String.valueOf(port)));
    } else {
      command.addAll(List.of("--port", "0", "--tls-port", String.valueOf(port), "--tls-cert-file", tls.serverCert().toString(),
          "--tls-key-file", tls.serverKey().toString(), "--tls-ca-cert-file", tls.caCert().toString(),
          "--tls-auth-clients", "no"));
    }
    command.add("--bind");
    command.add("127.0.0.1");
    if (sentinelConfig == null) {
      command.addAll(List.of("--save", "", "--appendonly", "no"));
    }
    command.addAll(List.of("--dir", dir.toString(), "--daemonize", "no", "--loglevel", "notice", "--logfile", ""));
    command.addAll(extraArguments);
    process = new ProcessBuilder(command).redirectErrorStream(true).start();
    CompletableFuture<Void> ready = new CompletableFuture<>();
    List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
    Thread reader = new Thread(() -> pump(ready, output), "redis-server-" + port + "-output");
    reader.setDaemon(true);
    reader.start();
    process.onExit().thenRun(() -> ready.completeExceptionally(new IllegalStateException(
        "redis-server exited with " + process.exitValue() + " before it was ready: " + output)));
    try {
      ready.get(DEFAULT_START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IOException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      process.destroyForcibly();
      throw new IOException("redis-server not ready within " + DEFAULT_START_TIMEOUT + ": " + output);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting redis-server", e);
    }
  }

  private void pump(CompletableFuture<Void> ready, List<String> output) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (output.size() < 200) {
          output.add(line);
        }
        if (line.contains(sentinelConfig == null ? SERVER_READY : SENTINEL_READY)) {
          ready.complete(null);
        }
      }
    } catch (IOException ignored) {
      // the process ended; onExit reports it
    }
  }

  private void signal(String name) {
    Signals.send(name, pid());
  }

  @Override
  public String toString() {
    return "redis-server :" + port + " (" + binary + ")";
  }
}
