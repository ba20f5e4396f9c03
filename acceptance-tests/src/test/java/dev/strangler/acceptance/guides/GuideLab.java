package dev.strangler.acceptance.guides;

import dev.strangler.testsupport.FreePort;
import dev.strangler.testsupport.PostgresDatabase;
import dev.strangler.testsupport.RealPostgres;
import dev.strangler.testsupport.RedisServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The lab the guides run against, started as the README says ({@code ./lab up}) on ports, a redis-server and a
 * database of the test's own, with its folder under the build's; stopped with {@code ./lab down}. With
 * {@code -Dguides.lab=running}, instead, the lab already up in the checkout on its default ports (for writing guides).
 */
final class GuideLab implements AutoCloseable {

  /** The lab's port settings, each with the ports the guides write (the lab's defaults), in instance order. */
  private static final Map<String, List<Integer>> PORTS = new LinkedHashMap<>();
  static {
    PORTS.put("LEGACY_PORT", List.of(8081));
    PORTS.put("PROXY_PORT", List.of(8080, 8088));
    PORTS.put("ADMIN_PORT", List.of(8090, 8091));
    PORTS.put("CATALOG_PORTS", List.of(8082, 8083));
    PORTS.put("ORDERS_PORT", List.of(8084));
    PORTS.put("RELAY_PORT", List.of(8095));
    PORTS.put("ORDERS_RELAY_PORT", List.of(8096));
  }
  /** Files the guides name whose text holds the lab's default addresses: the test gives them a rewritten copy. */
  private static final List<String> FILES_WITH_ADDRESSES = List.of("strangler-proxy/examples/lab-routes.yaml");
  private static final Duration UP_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration DOWN_TIMEOUT = Duration.ofMinutes(3);

  private final Map<String, String> environment;
  private final Map<String, String> rewrites;
  private final Runnable stop;

  private GuideLab(Map<String, String> environment, Map<String, String> rewrites, Runnable stop) {
    this.environment = Map.copyOf(environment);
    this.rewrites = Map.copyOf(rewrites);
    this.stop = stop;
  }

  static GuideLab start(Path root, Path work) {
    if ("running".equals(System.getProperty("guides.lab"))) {
      return new GuideLab(Map.of(), Map.of(), () -> { });
    }
    RedisServerProcess redis = RedisServerProcess.start(); // the lab's keys are not prefixed: a server of its own
    PostgresDatabase database = RealPostgres.newDatabase("guides");
    Path state = work.resolve("lab-state");
    Map<String, String> environment = new HashMap<>();
    Map<String, String> rewrites = new HashMap<>();
    Set<Integer> taken = new LinkedHashSet<>();
    PORTS.forEach((setting, defaults) -> {
      List<String> ports = new ArrayList<>();
      for (int port : defaults) {
        int free;
        do {
          free = FreePort.find();
        } while (!taken.add(free));
        ports.add(String.valueOf(free));
        rewrites.put("127.0.0.1:" + port, "127.0.0.1:" + free);
      }
      environment.put(setting, String.join(" ", ports));
    });
    environment.putAll(Map.of(
        "REDIS_URL", redis.endpoint().uri(),
        "DATABASE_URL", database.jdbcUrl(),
        "DATABASE_USER", database.username(),
        "DATABASE_PASSWORD", database.password() == null ? "" : database.password(),
        "LAB_STATE", state.toString(),
        // Inherited by the lab's processes: quick password hashes for the seeded customers, JVMs that start fast.
        "ACME_PASSWORD_BCRYPT_STRENGTH", "4",
        "LAB_JAVA_OPTS", "-Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1",
        "LAB_STOP_TIMEOUT", "20"));
    // The CLI's commands written without --admin mean the lab's first proxy.
    environment.put("STRANGLER_ADMIN_URL", "http://" + rewrites.get("127.0.0.1:8090"));
    environment.put("PROXY_URL", "http://" + rewrites.get("127.0.0.1:8080")); // the guides' shoppers (browse.sh, shop.sh)
    copiesWithTheLabsAddresses(root, work, rewrites);
    GuideShell shell = new GuideShell(root, environment, Map.of(), work.resolve("lab-commands"));
    Runnable stop = () -> {
      try {
        shell.run("./lab down", DOWN_TIMEOUT);
      } finally {
        leftOver(state).forEach(ProcessHandle::destroyForcibly);
        database.close();
        redis.close();
      }
    };
    GuideShell.Run up = shell.run("./lab up", UP_TIMEOUT);
    if (up.exitCode() != 0) {
      stop.run();
      throw new IllegalStateException("./lab up exited " + up.exitCode() + ":\n" + up.tail(60));
    }
    List<String> silent = PORTS.keySet().stream().flatMap(setting -> Stream.of(environment.get(setting).split(" ")))
        .filter(port -> !listening(Integer.parseInt(port))).toList();
    if (!silent.isEmpty()) { // each process on the ports the lab was given, the second proxy's admin API included
      stop.run();
      throw new IllegalStateException("./lab up left ports " + silent + " of " + environment + " unanswered:\n" + up.tail(60));
    }
    return new GuideLab(environment, rewrites, stop);
  }

  private static boolean listening(int port) {
    try (var socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Settings every guide command runs with. */
  Map<String, String> environment() {
    return environment;
  }

  /** What the guides say (an address, a file) and what this lab has instead. */
  Map<String, String> rewrites() {
    return rewrites;
  }

  @Override
  public void close() {
    stop.run();
  }

  /** Each file the guides name with addresses in it, copied under {@code work} with this lab's; the guides get the copy. */
  private static void copiesWithTheLabsAddresses(Path root, Path work, Map<String, String> rewrites) {
    Map<String, String> addresses = Map.copyOf(rewrites);
    for (String file : FILES_WITH_ADDRESSES) {
      Path copy = work.resolve("files").resolve(file);
      try {
        Files.createDirectories(copy.getParent());
        Files.writeString(copy, GuideShell.rewrite(Files.readString(root.resolve(file)), addresses));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      rewrites.put(file, copy.toString());
    }
  }

  private static List<ProcessHandle> leftOver(Path state) {
    Path pids = state.resolve("pids");
    if (!Files.isDirectory(pids)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(pids)) {
      return files.map(GuideLab::pid).flatMap(pid -> ProcessHandle.of(pid).stream()).filter(ProcessHandle::isAlive).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long pid(Path file) {
    try {
      return Long.parseLong(Files.readString(file).strip());
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }
}
