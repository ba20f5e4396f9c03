package dev.strangler.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.strangler.compare.capture.CapturedRequest;
import dev.strangler.testsupport.FreePort;
import java.io.IOException;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A side away (nothing listening, a connection dropped after the request was sent) against real servers on loopback. */
class PatientSideIT {

    private static final CapturedRequest WRITE = new CapturedRequest("POST", "/orders", Map.of(),
            "{}".getBytes(StandardCharsets.UTF_8), false);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final SideTrouble trouble = new SideTrouble();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
        http.close();
    }

    private PatientSide side(Duration downTimeout) {
        return new PatientSide(new SideClient(http, Duration.ofSeconds(5), List.of()), downTimeout, trouble);
    }

    @Test
    void aSideThatIsNotListeningYetIsWaitedForAndTheRequestGoesWhenItIsBack() throws Exception {
        int port = FreePort.find();
        CompletableFuture<SideClient.Timed> answer = CompletableFuture.supplyAsync(() -> {
            try {
                return side(Duration.ofSeconds(20)).send(URI.create("http://127.0.0.1:" + port), WRITE,
                        new CookieManager(), 1_000, "replay-key-1");
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        org.awaitility.Awaitility.await().until(() -> trouble.waits() == 1);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(201, -1);
            exchange.close();
        });
        server.start();

        assertThat(answer.get().response().status()).isEqualTo(201);
        assertThat(trouble.retries()).as("never sent before: not a retry of an unknown outcome").isZero();
        assertThat(trouble.longestWait()).isPositive();
    }

    @Test
    void aWriteWhoseConnectionDroppedAfterSendingGoesAgainOnlyWithItsKey() throws Exception {
        Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String key = String.valueOf(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            exchange.getRequestBody().readAllBytes();
            if (seen.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() == 1) {
                exchange.close(); // read, then gone without an answer: the client can't tell whether it ran
                return;
            }
            exchange.sendResponseHeaders(201, -1);
            exchange.close();
        });
        server.start();
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());

        assertThat(side(Duration.ofSeconds(10)).send(base, WRITE, new CookieManager(), 1_000, "replay-key-2")
                .response().status()).isEqualTo(201);
        assertThat(seen.get("replay-key-2").get()).isEqualTo(2);
        assertThat(trouble.retries()).isEqualTo(1);

        assertThatThrownBy(() -> side(Duration.ofSeconds(10)).send(base, WRITE, new CookieManager(), 1_000, null))
                .isInstanceOf(IOException.class);
        assertThat(seen.get("null").get()).as("an unkeyed write is not sent again").isEqualTo(1);
    }

    @Test
    void aKeyedWriteAnswered503WithRetryAfterIsSentAgainAfterIt() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            if (calls.incrementAndGet() == 1) {
                exchange.getResponseHeaders().set("Retry-After", "1"); // the proxy failing closed: nothing ran
                exchange.sendResponseHeaders(503, -1);
            } else {
                exchange.sendResponseHeaders(201, -1);
            }
            exchange.close();
        });
        server.start();
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());

        assertThat(side(Duration.ofSeconds(10)).send(base, WRITE, new CookieManager(), 1_000, "replay-key-4")
                .response().status()).isEqualTo(201);
        assertThat(calls.get()).isEqualTo(2);
        assertThat(trouble.waits()).isEqualTo(1);

        calls.set(0);
        assertThat(side(Duration.ofSeconds(10)).send(base, WRITE, new CookieManager(), 1_000, null).response().status())
                .as("an unkeyed write: the answer as it is").isEqualTo(503);
    }

    @Test
    void aSideAwayLongerThanTheTimeoutIsTheLinesError() {
        int port = FreePort.find();
        assertThatThrownBy(() -> side(Duration.ofMillis(300)).send(URI.create("http://127.0.0.1:" + port), WRITE,
                new CookieManager(), 1_000, "replay-key-3"))
                .isInstanceOf(java.net.ConnectException.class).hasMessageContaining("--side-down-timeout");
    }
}
