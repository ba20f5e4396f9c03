package dev.strangler.servicekit.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.strangler.discovery.DiscoveryOptions;
import dev.strangler.discovery.RedisServiceRegistry;
import dev.strangler.servicekit.ServiceRegistration;
import dev.strangler.testsupport.OnVertx;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.VertxExtension;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({VertxExtension.class, RedisExtension.class})
class GracefulShutdownIT {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void leavesDiscoveryFirstThenFinishesTheRequestInFlightThenClosesResources(Vertx vertx, RedisNamespace ns) throws Exception {
    Promise<Void> release = Promise.promise();
    List<String> events = new CopyOnWriteArrayList<>();
    AtomicBoolean arrived = new AtomicBoolean();
    HttpServer server = OnVertx.await(vertx, () -> vertx.createHttpServer()
        .requestHandler(req -> {
          arrived.set(true);
          release.future().onComplete(v -> req.response().end("done"));
        }).listen(0, "127.0.0.1"));
    DiscoveryOptions discovery = DiscoveryOptions.of(ns.endpoint().uri(), ns.prefix());
    ServiceRegistration registration = new ServiceRegistration(new RedisServiceRegistry(vertx, discovery), "slow", "1");
    OnVertx.await(vertx, () -> registration.start("127.0.0.1", server.actualPort()));
    GracefulShutdown shutdown = new GracefulShutdown(Duration.ofSeconds(10)).registration(registration).server(server)
        .resource("redis", () -> {
          events.add("resource closed");
          return Future.succeededFuture();
        });
    CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(request(server.actualPort()), HttpResponse.BodyHandlers.ofString());
    await().untilTrue(arrived);

    Future<Void> stopped = OnVertx.await(vertx, () -> Future.succeededFuture(shutdown.stop()));

    RedisServiceRegistry proxySide = new RedisServiceRegistry(vertx, discovery);
    await().until(() -> OnVertx.await(vertx, () -> proxySide.lookup("slow")).isEmpty());
    assertThat(events).isEmpty();
    assertThat(stopped.isComplete()).isFalse();
    vertx.runOnContext(v -> release.complete());
    assertThat(inFlight.get().body()).isEqualTo("done");
    await().until(stopped::isComplete);
    assertThat(events).containsExactly("resource closed");
    assertThat(shutdown.stop()).isSameAs(stopped);
    assertThatThrownBy(() -> http.send(request(server.actualPort()), HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(ConnectException.class);
  }

  private static HttpRequest request(int port) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slow")).timeout(Duration.ofSeconds(20)).build();
  }
}
