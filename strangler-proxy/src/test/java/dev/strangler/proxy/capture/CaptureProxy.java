package dev.strangler.proxy.capture;

import dev.strangler.compare.capture.CaptureLines;
import dev.strangler.compare.capture.CapturedExchange;
import dev.strangler.proxy.ProxyApplication;
import dev.strangler.proxy.ProxyConfig;
import dev.strangler.testsupport.FreePort;
import dev.strangler.testsupport.OnVertx;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole proxy as its environment configures it (one event loop, debug headers, a route table file, the admin API
 * with a writer and a reader token, the capture, cache and rate limits in the Redis a test gives), and a client for both
 * ports.
 */
final class CaptureProxy {

  static final String WRITER = "capture-writer-token-0123456789";
  static final String READER = "capture-reader-token-0123456789";

  /** What a client got: status, headers, the body's bytes as sent. */
  record Reply(int status, MultiMap headers, Buffer body) {
    String text() {
      return body.toString();
    }
  }

  private final Vertx vertx;
  private final ProxyApplication app;
  private final HttpClient client;
  private final int port;

  private CaptureProxy(Vertx vertx, ProxyApplication app, int port) {
    this.vertx = vertx;
    this.app = app;
    this.port = port;
    // No decompression: the test sees the bytes the proxy sent.
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(8));
  }

  /** Starts a proxy following {@code table}; {@code env} adds to or overrides the settings. */
  static CaptureProxy start(Vertx vertx, Path dir, String table, String redisUrl, String prefix, Map<String, String> env) {
    try {
      Path routes = Files.writeString(dir.resolve("routes-" + System.nanoTime() + ".yaml"), table);
      int port = FreePort.find();
      Map<String, String> all = new HashMap<>(Map.of(
          "STRANGLER_PUBLIC_HOST", "127.0.0.1", "STRANGLER_PUBLIC_PORT", String.valueOf(port),
          "STRANGLER_EVENT_LOOPS", "1", "STRANGLER_DEBUG_HEADERS", "true", "STRANGLER_ROUTES_FILE", routes.toString(),
          "STRANGLER_CAPTURE_REDIS_URL", redisUrl, "STRANGLER_RATE_LIMIT_REDIS_URL", redisUrl,
          "STRANGLER_REDIS_PREFIX", prefix, "STRANGLER_ADMIN_HOST", "127.0.0.1", "STRANGLER_ADMIN_PORT", "0"));
      all.put("STRANGLER_CACHE_REDIS_URL", redisUrl);
      all.put("STRANGLER_ADMIN_TOKEN", WRITER);
      all.put("STRANGLER_ADMIN_READ_TOKEN", READER);
      all.putAll(env);
      ProxyApplication app = new ProxyApplication(vertx, ProxyConfig.fromEnvironment(all));
      app.start().await();
      return new CaptureProxy(vertx, app, port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Reply get(String uri, String... headers) {
    return send(HttpMethod.GET, uri, null, headers);
  }

  /** Sends to the public port; headers as name, value, name, value… */
  Reply send(HttpMethod method, String uri, Buffer body, String... headers) {
    return call(port, method, uri, body, headers);
  }

  /** Calls the admin API with {@code token} (null: none). */
  Reply admin(HttpMethod method, String uri, String token) {
    return token == null ? call(app.adminPort(), method, uri, null)
        : call(app.adminPort(), method, uri, null, "Authorization", "Bearer " + token);
  }

  /** The capture as {@code GET /admin/capture?<query>} exports it, read back line by line. */
  List<CapturedExchange> export(String query) {
    Reply reply = admin(HttpMethod.GET, "/admin/capture" + (query.isEmpty() ? "" : "?" + query), READER);
    if (reply.status() != 200) {
      throw new AssertionError("export answered " + reply.status() + ": " + reply.text());
    }
    List<CapturedExchange> out = new ArrayList<>();
    String[] lines = reply.text().split("\n");
    for (int i = 0; i < lines.length; i++) {
      if (!lines[i].isEmpty()) {
        out.add(CaptureLines.read(lines[i], "export:" + (i + 1)));
      }
    }
    return out;
  }

  String metrics() {
    return admin(HttpMethod.GET, "/admin/metrics", READER).text();
  }

  void stop() {
    app.stop().await();
  }

  private Reply call(int to, HttpMethod method, String uri, Buffer body, String... headers) {
    MultiMap all = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i + 1 < headers.length; i += 2) {
      all.add(headers[i], headers[i + 1]);
    }
    return OnVertx.await(vertx, () -> client.request(new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(to)
            .setURI(uri).setHeaders(all))
        .compose(req -> (body == null ? req.send() : req.send(body))
            .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), resp.headers(), b)))));
  }
}
