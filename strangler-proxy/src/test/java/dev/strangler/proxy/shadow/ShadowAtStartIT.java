package dev.strangler.proxy.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.compare.Comparison;
import dev.strangler.proxy.ProxyApplication;
import dev.strangler.proxy.ProxyConfig;
import dev.strangler.proxy.shadow.ShadowResults.DropReason;
import dev.strangler.testsupport.FreePort;
import dev.strangler.testsupport.OnVertx;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The whole proxy as configured from its environment: a shadow route, a compare rules file, two event loops. */
@ExtendWith(VertxExtension.class)
class ShadowAtStartIT {

  @Test
  void theBudgetHoldsOverEveryEventLoopAndTheRulesFileDecidesTheComparison(Vertx vertx, @TempDir Path dir) throws Exception {
    FakeSide legacy = FakeSide.start(vertx).answering(n -> "{\"sku\":\"A\",\"generatedAt\":" + n + "}");
    FakeSide candidate = FakeSide.start(vertx).answering(n -> "{\"sku\":\"A\",\"generatedAt\":0}").hold();
    Path routes = Files.writeString(dir.resolve("routes.yaml"), """
        apiVersion: strangler/v1
        backends: {legacy: {urls: ["%s"]}, candidate: {urls: ["%s"]}}
        routes:
          - id: products
            match: {path: "/api/products/{sku}", methods: [GET]}
            target: {shadow: {primary: legacy, candidate: candidate}}
            shadow: {maxInFlight: 2, timeout: 60s, learnNoise: false}
        """.formatted(legacy.url(), candidate.url()));
    Path rules = Files.writeString(dir.resolve("compare-rules.yaml"), """
        apiVersion: strangler/v1
        routes:
          products:
            ignore: [/generatedAt]
        """);
    int port = FreePort.find();
    RecordingResults results = new RecordingResults();
    ProxyApplication proxy = new ProxyApplication(vertx, ProxyConfig.fromEnvironment(Map.of(
        "STRANGLER_PUBLIC_HOST", "127.0.0.1", "STRANGLER_PUBLIC_PORT", String.valueOf(port),
        "STRANGLER_EVENT_LOOPS", "2", "STRANGLER_ROUTES_FILE", routes.toString(),
        "STRANGLER_COMPARE_RULES", rules.toString())), results);
    proxy.start().await();
    // A new connection per request, so requests land on both event loops.
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));

    for (int i = 0; i < 6; i++) {
      assertThat(OnVertx.await(vertx, () -> client.request(new RequestOptions().setHost("127.0.0.1").setPort(port)
          .setURI("/api/products/A")).compose(r -> r.send()).map(HttpClientResponse::statusCode))).isEqualTo(200);
    }

    assertThat(results.dropped(DropReason.IN_FLIGHT_BUDGET)).isEqualTo(4);
    await().atMost(Duration.ofSeconds(10)).until(() -> candidate.received().size() == 2);
    assertThat(candidate.maxOpen()).isEqualTo(2);
    candidate.release();
    await().atMost(Duration.ofSeconds(10)).until(() -> results.outcomes().size() == 2);
    assertThat(results.outcomes()).allSatisfy(o -> {
      assertThat(o.comparison().outcome()).isEqualTo(Comparison.Outcome.MATCH);
      assertThat(o.comparison().noise()).isPositive();
    });
    assertThat(results.callers().stream().map(Thread::getName).distinct()).as("requests were served on both event loops")
        .hasSize(2);
    proxy.stop().await();
  }
}
