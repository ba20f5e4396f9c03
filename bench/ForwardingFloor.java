import dev.strangler.proxy.EventLoopTransport;
import dev.strangler.proxy.NettyBuffers;
import dev.strangler.proxy.ProxyOptions;
import dev.strangler.proxy.StranglerProxyVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.httpproxy.HttpProxy;

/**
 * The floor under the Strangler proxy's forwarding cost, for bench/run.sh: the same Vert.x, transport, codec chunk
 * size, client pool and event loops as the proxy, with none of Strangler's own work (no edge checks, no header policy,
 * no X-Forwarded-*, no request ids, no routing, no metrics, no timeouts).
 *
 * <ul>
 *   <li>{@code httpproxy}: vertx-http-proxy's {@code HttpProxy} with a fixed origin, nothing added: what the library
 *       the proxy is built on costs by itself;</li>
 *   <li>{@code vertxpipe}: no proxy library either, a request piped to a Vert.x {@code HttpClient} request and its
 *       answer piped back, every header copied as is: what Vert.x's HTTP server and client cost.</li>
 * </ul>
 *
 * Neither is a proxy anyone should run (no hop-by-hop handling, no limits): they only measure.
 * Usage (the shaded proxy jar on the class path): {@code java -cp strangler-proxy.jar bench/ForwardingFloor.java
 * httpproxy|vertxpipe <host> <port> <backend port> <event loops> [transport]}
 */
public class ForwardingFloor {

  public static void main(String[] args) {
    if (args.length < 5 || args.length > 6 || !(args[0].equals("httpproxy") || args[0].equals("vertxpipe"))) {
      System.err.println("usage: ForwardingFloor httpproxy|vertxpipe <host> <port> <backend port> <event loops> [transport]");
      System.exit(2);
    }
    NettyBuffers.preferPooled(); // as Main
    String mode = args[0];
    String host = args[1];
    int port = Integer.parseInt(args[2]);
    int backendPort = Integer.parseInt(args[3]);
    int loops = Integer.parseInt(args[4]);
    // As Main: the transport STRANGLER_TRANSPORT names (auto: epoll where it loads).
    EventLoopTransport choice = EventLoopTransport.parse(args.length == 6 ? args[5] : "auto")
        .orElseThrow(() -> new IllegalArgumentException("transport must be one of " + EventLoopTransport.choices()));
    Vertx vertx = choice.vertx(new VertxOptions().setEventLoopPoolSize(loops));
    vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        // As StranglerProxyVerticle and PublicEdge: 64 KiB codec chunks both ways, a pool of 64 per backend and loop, no
        // WebSocket compression handler.
        HttpClient client = vertx.createHttpClient(
            new HttpClientOptions().setMaxChunkSize(ProxyOptions.CODEC_CHUNK_SIZE).setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(StranglerProxyVerticle.DEFAULT_POOL_SIZE));
        HttpServerOptions server = new HttpServerOptions().setHost(host).setPort(port)
            .setMaxChunkSize(ProxyOptions.CODEC_CHUNK_SIZE).setHttp2ClearTextEnabled(false)
            .setPerMessageWebSocketCompressionSupported(false).setPerFrameWebSocketCompressionSupported(false);
        return vertx.createHttpServer(server)
            .requestHandler(mode.equals("httpproxy") ? HttpProxy.reverseProxy(client).origin(backendPort, host)
                : request -> pipe(request, client, host, backendPort))
            .listen();
      }
    }, new DeploymentOptions().setInstances(loops))
        .onSuccess(id -> System.out.println(mode + " floor listening on " + host + ":" + port
            + ", transport: " + choice.describe()))
        .onFailure(failure -> {
          failure.printStackTrace();
          System.exit(1);
        });
  }

  private static void pipe(HttpServerRequest request, HttpClient client, String host, int backendPort) {
    request.pause();
    client.request(new RequestOptions().setMethod(request.method()).setHost(host).setPort(backendPort)
            .setURI(request.uri()))
        .compose(outgoing -> {
          outgoing.headers().setAll(request.headers());
          boolean body = request.headers().contains("Content-Length") || request.headers().contains("Transfer-Encoding");
          if (body) {
            return outgoing.send(request);
          }
          request.resume();
          return outgoing.send();
        })
        .onSuccess(answer -> {
          request.response().setStatusCode(answer.statusCode()).headers().setAll(answer.headers());
          request.response().send(answer);
        })
        .onFailure(failure -> request.response().setStatusCode(502).end());
  }
}
