package dev.strangler.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests sent to a proxy's public port one after another from a thread of its own until closed, each with one of
 * {@value #COHORTS} session cookies so a canary splits them; counts the answers.
 */
final class Traffic implements AutoCloseable {

    static final int COHORTS = 40;

    private final ExecutorService thread = Executors.newSingleThreadExecutor();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicLong answered = new AtomicLong();
    private volatile boolean running = true;

    Traffic(int port, String path) {
        thread.submit(() -> {
            for (long i = 0; running; i++) {
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path + "/" + (i % 7)))
                        .header("Cookie", "SESSION=cohort-" + (i % COHORTS)).timeout(Duration.ofSeconds(5)).build();
                try {
                    http.send(request, HttpResponse.BodyHandlers.discarding());
                    answered.incrementAndGet();
                } catch (java.io.IOException e) {
                    // the proxy closing at the end of a test; the loop ends with running
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    long answered() {
        return answered.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.shutdownNow();
        thread.awaitTermination(10, TimeUnit.SECONDS);
        http.close();
    }
}
