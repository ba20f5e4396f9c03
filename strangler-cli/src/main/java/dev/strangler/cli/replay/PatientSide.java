package dev.strangler.cli.replay;

import dev.strangler.compare.capture.CapturedRequest;
import java.io.IOException;
import java.net.ConnectException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * Sends through a {@link SideClient}, and waits for a side that is away (restarting, draining) instead of failing the
 * request. A request that never left (connection refused, connect timeout) is sent again whatever it is. One whose
 * outcome is unknown (the connection dropped after it was sent) is sent again only when that is harmless: a safe
 * method, or an unsafe one carrying its idempotency key. An answer {@code 409} with {@code Retry-After} to a keyed
 * request (the proxy: the same key still in progress) is waited out too. All within {@code downTimeout} from the first
 * failure; a request that times out on a side that answers slowly is that line's error, as before. Thread-safe.
 */
final class PatientSide {

    static final Duration FIRST_PAUSE = Duration.ofMillis(100);
    static final Duration MAX_PAUSE = Duration.ofSeconds(1);
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private final SideClient client;
    private final Duration downTimeout;
    private final SideTrouble trouble;

    PatientSide(SideClient client, Duration downTimeout, SideTrouble trouble) {
        this.client = client;
        this.downTimeout = downTimeout;
        this.trouble = trouble;
    }

    SideClient.Timed send(URI base, CapturedRequest request, CookieManager jar, long maxBodyBytes, String idempotencyKey)
            throws IOException, InterruptedException {
        long firstFailure = 0;
        Duration pause = FIRST_PAUSE;
        while (true) {
            IOException failure;
            try {
                SideClient.Timed answer = client.send(base, request, jar, maxBodyBytes, idempotencyKey);
                if (idempotencyKey == null || answer.response().status() != 409
                        || answer.response().headers().keySet().stream().noneMatch("retry-after"::equalsIgnoreCase)) {
                    if (firstFailure != 0) {
                        trouble.waitEnded(Duration.ofNanos(System.nanoTime() - firstFailure));
                    }
                    return answer;
                }
                failure = new IOException("409: the same idempotency key is still in progress");
            } catch (HttpConnectTimeoutException | ConnectException e) {
                failure = e; // never sent
            } catch (HttpTimeoutException e) {
                throw e; // the side is up but slow: not waited for
            } catch (IOException e) {
                if (idempotencyKey == null && !SAFE.contains(request.method().toUpperCase(Locale.ROOT))) {
                    throw e; // it may have run: without a key, sending it again could run it twice
                }
                failure = e;
                trouble.retried();
            }
            long now = System.nanoTime();
            if (firstFailure == 0) {
                firstFailure = now;
                trouble.waitStarted();
            } else if (now - firstFailure > downTimeout.toNanos()) {
                String note = failure.getMessage() + "; still unreachable after --side-down-timeout "
                        + downTimeout.toMillis() / 1000.0 + " s";
                IOException given = failure instanceof ConnectException ? new ConnectException(note) : new IOException(note);
                given.initCause(failure);
                throw given;
            }
            Thread.sleep(pause.toMillis());
            trouble.waited(pause);
            pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
        }
    }
}
