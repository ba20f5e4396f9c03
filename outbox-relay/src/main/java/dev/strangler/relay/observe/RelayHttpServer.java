package dev.strangler.relay.observe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The relay process's HTTP endpoint: {@value #METRICS} (Prometheus), {@value #LIVE} (the process
 * answers) and {@value #READY} (its last step reached the database and Redis; leader or standby).
 * The JDK's own server: three read-only paths don't call for a web framework.
 */
public final class RelayHttpServer implements AutoCloseable {

  public static final String METRICS = "/metrics";
  public static final String LIVE = "/health/live";
  public static final String READY = "/health/ready";

  private final HttpServer server;

  /** The readiness probe's state: ready or not, and a JSON body describing it. */
  public record Status(boolean ready, String json) {}

  private RelayHttpServer(HttpServer server) {
    this.server = server;
  }

  public static RelayHttpServer start(String host, int port, PrometheusMeterRegistry registry, Supplier<Status> status)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
    server.createContext(METRICS, ex -> send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
    server.createContext(LIVE, ex -> send(ex, 200, "application/json", "{\"status\":\"UP\"}"));
    server.createContext(READY, ex -> {
      Status s = status.get();
      send(ex, s.ready() ? 200 : 503, "application/json", s.json());
    });
    server.setExecutor(Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "relay-http");
      t.setDaemon(true);
      return t;
    }));
    server.start();
    return new RelayHttpServer(server);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    boolean exact = ex.getRequestURI().getPath().equals(ex.getHttpContext().getPath());
    ex.getResponseHeaders().set("Content-Type", exact ? type : "application/json");
    if (!exact) {
      bytes = "{\"status\":404}".getBytes(StandardCharsets.UTF_8);
      status = 404;
    }
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
