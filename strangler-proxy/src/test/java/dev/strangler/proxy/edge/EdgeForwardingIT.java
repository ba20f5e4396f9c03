package dev.strangler.proxy.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.proxy.ProxyOptions;
import dev.strangler.proxy.StranglerProxyVerticle;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the edge lets through, and exactly how it reaches the backend and comes back. */
@ExtendWith(VertxExtension.class)
class EdgeForwardingIT {

  private static final String HOST = "Host: shop.example\r\n";

  @Test
  void hopByHopHeadersAndThoseNamedInConnectionAreStrippedOnTheWayIn(Vertx vertx) throws IOException {
    FakeBackend backend = FakeBackend.start(vertx);

    RawHttp.Reply reply = send(vertx, backend, "GET / HTTP/1.1\r\n" + HOST + "Connection: close, X-Secret-Hop\r\n"
        + "X-Secret-Hop: 1\r\nKeep-Alive: timeout=5\r\nProxy-Connection: keep-alive\r\nTE: trailers\r\n"
        + "Trailer: X-Sum\r\nProxy-Authorization: Basic Zm9vOmJhcg==\r\nX-End-To-End: kept\r\n\r\n");

    assertThat(reply.status()).isEqualTo(200);
    MultiMap seen = backend.only().headers();
    assertThat(seen.names()).noneMatch(name -> name.equalsIgnoreCase("X-Secret-Hop") || name.equalsIgnoreCase("Keep-Alive")
        || name.equalsIgnoreCase("Proxy-Connection") || name.equalsIgnoreCase("TE") || name.equalsIgnoreCase("Trailer")
        || name.equalsIgnoreCase("Proxy-Authorization"));
    assertThat(seen.get("X-End-To-End")).isEqualTo("kept");
  }

  @Test
  void hopByHopHeadersAndThoseNamedInConnectionAreStrippedOnTheWayOut(Vertx vertx) throws IOException {
    FakeBackend backend = FakeBackend.answeringWith(vertx, MultiMap.caseInsensitiveMultiMap()
        .add("Connection", "X-Backend-Hop").add("X-Backend-Hop", "internal").add("Keep-Alive", "timeout=5")
        .add("Proxy-Authenticate", "Basic realm=legacy").add("Trailer", "X-Sum").add("Upgrade", "h2c")
        .add("X-End-To-End", "kept"));

    RawHttp.Reply reply = send(vertx, backend, "GET / HTTP/1.1\r\n" + HOST + "Connection: close\r\n\r\n");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("X-Backend-Hop")).isNull();
    assertThat(reply.header("Keep-Alive")).isNull();
    assertThat(reply.header("Proxy-Authenticate")).isNull();
    assertThat(reply.header("Trailer")).isNull();
    assertThat(reply.header("Upgrade")).isNull();
    assertThat(reply.header("Connection")).isEqualToIgnoringCase("close"); // Vert.x's own, for this client only
    assertThat(reply.header("X-End-To-End")).isEqualTo("kept");
  }

  @Test
  void aClientCannotRemoveTheForwardingHeadersTheProxySets(Vertx vertx) throws IOException {
    FakeBackend backend = FakeBackend.start(vertx);

    send(vertx, backend, "GET / HTTP/1.1\r\n" + HOST + "Connection: close, X-Forwarded-For, X-Forwarded-Proto, X-Forwarded-Host\r\n"
        + "X-Forwarded-For: 6.6.6.6\r\n\r\n");

    MultiMap seen = backend.only().headers();
    assertThat(seen.getAll("X-Forwarded-For")).containsExactly("127.0.0.1");
    assertThat(seen.get("X-Forwarded-Proto")).isEqualTo("http");
    assertThat(seen.get("X-Forwarded-Host")).isEqualTo("shop.example");
  }

  @Test
  void proxyNamespaceHeadersFromClientsNeverReachTheBackend(Vertx vertx) throws IOException {
    FakeBackend backend = FakeBackend.start(vertx);

    send(vertx, backend, "GET / HTTP/1.1\r\n" + HOST + "Connection: close\r\nX-Strangler-User: admin\r\n"
        + "x-strangler-route: catalog-service\r\nX-STRANGLER-DEBUG: 1\r\nX-Stranglerish: kept\r\n\r\n");

    assertThat(backend.only().headers().names())
        .noneMatch(name -> name.regionMatches(true, 0, HeaderPolicy.PROXY_NAMESPACE, 0, HeaderPolicy.PROXY_NAMESPACE.length()))
        .anyMatch(name -> name.equalsIgnoreCase("X-Stranglerish"));
  }

  @Test
  void theBackendReceivesExactlyTheNormalisedPath(Vertx vertx) throws IOException {
    FakeBackend backend = FakeBackend.start(vertx);

    send(vertx, backend, "GET /api/./cart//items/../lines/ HTTP/1.1\r\n" + HOST + "Connection: close\r\n\r\n");

    assertThat(backend.only().uri()).isEqualTo("/api/cart/lines/");
  }

  @Test
  void theQueryStringPassesByteForByte(Vertx vertx) throws IOException {
    FakeBackend backend = FakeBackend.start(vertx);

    send(vertx, backend, "GET /search/./?x=1+2&y=%2F&z=a%20b&w=%7e&v=../.. HTTP/1.1\r\n" + HOST + "Connection: close\r\n\r\n");

    assertThat(backend.only().uri()).isEqualTo("/search/?x=1+2&y=%2F&z=a%20b&w=%7e&v=../..");
  }

  @Test
  void wellFramedChunkedAndKeepAliveRequestsStillFlow(Vertx vertx) throws IOException {
    FakeBackend backend = FakeBackend.start(vertx);

    RawHttp.Reply reply = send(vertx, backend, "POST /a HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n"
        + "3\r\nabc\r\n0\r\n\r\nGET /b HTTP/1.1\r\n" + HOST + "Connection: close\r\n\r\n");

    assertThat(reply.text().split("HTTP/1.1 200 OK", -1)).hasSize(3);
    assertThat(backend.requests()).extracting(FakeBackend.Seen::uri).containsExactly("/a", "/b");
  }

  @Test
  void webSocketUpgradesAreStillTunnelled(Vertx vertx) throws IOException {
    HttpServer echo = vertx.createHttpServer().webSocketHandler(ws -> ws.textMessageHandler(ws::writeTextMessage))
        .listen(0, "127.0.0.1").await();
    int port = deploy(vertx, URI.create("http://127.0.0.1:" + echo.actualPort()));

    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(1_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET /ws/./live HTTP/1.1\r\n" + HOST + "Connection: Upgrade\r\nUpgrade: websocket\r\n"
          + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      RawHttp.Reply handshake = RawHttp.readUntilClosedOrQuiet(socket.getInputStream());
      // A masked text frame "ping" (RFC 6455 §5.2): the echo server answers with an unmasked one.
      out.write(new byte[] {(byte) 0x81, (byte) 0x84, 1, 2, 3, 4, 'p' ^ 1, 'i' ^ 2, 'n' ^ 3, 'g' ^ 4});
      RawHttp.Reply frame = RawHttp.readUntilClosedOrQuiet(socket.getInputStream());

      assertThat(handshake.status()).isEqualTo(101);
      assertThat(handshake.header("Upgrade")).isEqualToIgnoringCase("websocket");
      assertThat(handshake.closed()).isFalse();
      assertThat(frame.text()).isEqualTo("\u0081\u0004ping");
    }
  }

  @Test
  void webSocketExtensionsAreTheBackendsToNegotiateNotTheProxys(Vertx vertx) throws IOException {
    // The client offers permessage-deflate. A backend without compression declines it, and so must the answer: were the
    // proxy to accept it on the backend's behalf, the client would send compressed frames the backend can't read. A
    // backend with compression accepts it, and its answer comes through.
    HttpServerOptions noCompression = new HttpServerOptions().setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false);

    assertThat(extensionsAnswered(vertx, noCompression)).isNull();
    assertThat(extensionsAnswered(vertx, new HttpServerOptions())).startsWith("permessage-deflate");
  }

  /** The Sec-WebSocket-Extensions of the proxy's 101 to an offer of permessage-deflate, with a backend of these options. */
  private static String extensionsAnswered(Vertx vertx, HttpServerOptions backendOptions) throws IOException {
    HttpServer backend = vertx.createHttpServer(backendOptions)
        .webSocketHandler(ws -> ws.textMessageHandler(ws::writeTextMessage)).listen(0, "127.0.0.1").await();
    int port = deploy(vertx, URI.create("http://127.0.0.1:" + backend.actualPort()));
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(1_000);
      socket.getOutputStream().write(("GET /ws HTTP/1.1\r\n" + HOST + "Connection: Upgrade\r\nUpgrade: websocket\r\n"
          + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
          + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      RawHttp.Reply handshake = RawHttp.readUntilClosedOrQuiet(socket.getInputStream());
      assertThat(handshake.status()).isEqualTo(101);
      return handshake.header("Sec-WebSocket-Extensions");
    }
  }

  private static RawHttp.Reply send(Vertx vertx, FakeBackend backend, String bytes) throws IOException {
    return RawHttp.exchange(deploy(vertx, backend.uri()), bytes, 5_000);
  }

  private static int deploy(Vertx vertx, URI legacy) {
    StranglerProxyVerticle proxy = StranglerProxyVerticle.toLegacy(ProxyOptions.defaults().withPublicPort(0).withLegacy(legacy));
    vertx.deployVerticle(proxy).await();
    return proxy.actualPort();
  }
}
