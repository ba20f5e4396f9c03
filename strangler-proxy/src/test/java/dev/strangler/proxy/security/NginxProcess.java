package dev.strangler.proxy.security;

import dev.strangler.testsupport.FreePort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Debian's nginx as a reverse proxy in front of {@code backend}, run as bench/run.sh runs it: a private config and
 * prefix in a temporary directory, the current user, a free loopback port, {@code daemon off} (and a single process,
 * so nothing changes user). Fails with what to install when there is no nginx.
 */
final class NginxProcess implements AutoCloseable {

  /** Where Debian puts it; else it is looked for on the PATH. */
  static final List<Path> CANDIDATES = List.of(Path.of("/usr/sbin/nginx"), Path.of("/usr/local/sbin/nginx"),
      Path.of("/usr/local/nginx/sbin/nginx"));
  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

  private final Process process;
  private final int port;
  private final Path dir;

  private NginxProcess(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  static NginxProcess proxyingTo(URI backend, Path dir) {
    Path nginx = binary();
    int port = FreePort.find();
    try {
      Files.writeString(dir.resolve("nginx.conf"), """
          daemon off;
          master_process off;
          worker_processes 1;
          pid %1$s/nginx.pid;
          error_log %1$s/error.log warn;
          events { worker_connections 256; }
          http {
            access_log off;
            client_body_temp_path %1$s/body;
            proxy_temp_path %1$s/proxy;
            fastcgi_temp_path %1$s/fastcgi;
            uwsgi_temp_path %1$s/uwsgi;
            scgi_temp_path %1$s/scgi;
            server {
              listen 127.0.0.1:%2$d;
              location / {
                proxy_pass http://%3$s;
                proxy_http_version 1.1;
                proxy_set_header Connection "";
              }
            }
          }
          """.formatted(dir, port, backend.getAuthority()));
      Process process = new ProcessBuilder(nginx.toString(), "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString())
          .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
      NginxProcess started = new NginxProcess(process, port, dir);
      started.awaitPort();
      return started;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The nginx binary, or an error saying which Debian package to install. */
  static Path binary() {
    for (Path candidate : CANDIDATES) {
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    for (String entry : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(entry, "nginx");
      if (!entry.isEmpty() && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("nginx is needed as the oracle of the smuggling corpus and was not found in "
        + CANDIDATES + " nor on the PATH: install Debian's nginx-light (apt-get install -y nginx-light)");
  }

  int port() {
    return port;
  }

  private void awaitPort() throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("nginx exited with " + process.exitValue() + ": " + log());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        Thread.onSpinWait();
      }
    }
    close();
    throw new IllegalStateException("nginx did not listen on " + port + " within " + START_TIMEOUT + ": " + log());
  }

  private String log() throws IOException {
    Path out = dir.resolve("nginx.out");
    Path error = dir.resolve("error.log");
    return (Files.exists(out) ? Files.readString(out) : "") + (Files.exists(error) ? Files.readString(error) : "");
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
