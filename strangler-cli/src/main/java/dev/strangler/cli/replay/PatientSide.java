package dev.strangler.cli.replay;

import dev.strangler.compare.capture.CapturedRequest;
import java.io.IOException;
import java.net.ConnectException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Sends through a {@link SideClient}, and waits for a side that is away (restarting, draining) instead of failing the
 * request. A request that never left (connection refused, connect timeout) is sent again whatever it is. One whose
 * outcome is unknown (the connection dropped after it was sent) is sent again only when that is harmless: a safe
 * method, or an unsafe one carrying its idempotency key. Such a request answered {@code 503} or {@code 409} with
 * {@code Retry-After} (the proxy shedding, failing closed, or the key still in progress) is sent again after it. All
 * within {@code downTimeout} from the first failure (then a refusal is the line's error, a "later" answer its answer);
 * a request that times out on a side that answers slowly is that line's error, as before. Thread-safe.
 */
final class PatientSide {

    static final Duration FIRST_PAUSE = Duration.ofMillis(100);
    static final Duration MAX_PAUSE = Duration.ofSeconds(1);
    /** The longest a {@code Retry-After} is honoured for at once. */
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(5);
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
        boolean repeatable = idempotencyKey != null || SAFE.contains(request.method().toUpperCase(Locale.ROOT));
        while (true) {
            IOException failure;
            try {
                SideClient.Timed answer = client.send(base, request, jar, maxBodyBytes, idempotencyKey);
                Duration later = repeatable ? comeBackLater(answer) : null;
                boolean timedOut = firstFailure != 0 && System.nanoTime() - firstFailure > downTimeout.toNanos();
                if (later == null || timedOut) {
                    if (firstFailure != 0) {
                        trouble.waitEnded(Duration.ofNanos(System.nanoTime() - firstFailure));
                    }
                    return answer; // after the timeout, the side's own "later" is its answer
                }
                failure = new IOException(answer.response().status() + " with Retry-After");
                pause = later;
            } catch (HttpConnectTimeoutException | ConnectException e) {
                failure = e; // never sent
            } catch (HttpTimeoutException e) {
                throw e; // the side is up but slow: not waited for
            } catch (IOException e) {
                if (!repeatable) {
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

    /**
     * How long to wait when the answer says "not now" — {@code 503} (the proxy shedding load, or failing closed while
     * its idempotency store is unavailable: nothing ran) or {@code 409} (the same key still in progress) with
     * {@code Retry-After} seconds, at most {@link #MAX_RETRY_AFTER}; null for any other answer.
     */
    static Duration comeBackLater(SideClient.Timed answer) {
        int status = answer.response().status();
        if (status != 503 && status != 409) {
            return null;
        }
        for (Map.Entry<String, List<String>> header : answer.response().headers().entrySet()) {
            if (header.getKey().equalsIgnoreCase("retry-after") && !header.getValue().isEmpty()) {
                try {
                    long seconds = Long.parseLong(header.getValue().get(0).trim());
                    Duration wait = Duration.ofSeconds(Math.max(0, seconds));
                    return wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait.isZero() ? FIRST_PAUSE : wait;
                } catch (NumberFormatException httpDate) {
                    return MAX_PAUSE;
                }
            }
        }
        return null;
    }
}
