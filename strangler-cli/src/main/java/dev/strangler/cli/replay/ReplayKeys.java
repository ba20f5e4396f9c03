package dev.strangler.cli.replay;

import dev.strangler.compare.capture.CapturedExchange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The {@code Idempotency-Key} an unsafe replayed request carries: derived from the captured exchange (its line, time,
 * route, method, URI and body) and the pass (legacy, legacy again, candidate: each pass is a write of its own), so a
 * retry or a resumed run sends the same key and a proxy or backend honouring keys runs the write once.
 */
final class ReplayKeys {

    /** The header the key goes in (the proxy's default idempotency header). */
    static final String HEADER = "Idempotency-Key";

    /** The three sends of one request. */
    enum Pass { LEGACY, LEGACY_AGAIN, CANDIDATE }

    private ReplayKeys() {}

    /** {@code replay-<32 hex digits>-<pass>} for an unsafe request; null for a safe one (retried without a key). */
    static String of(Recorded recorded, Pass pass) {
        CapturedExchange exchange = recorded.exchange();
        if (!exchange.unsafe()) {
            return null;
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String head = recorded.line() + "\n" + exchange.at() + "\n" + exchange.route() + "\n"
                    + exchange.request().method() + "\n" + exchange.request().uri() + "\n";
            sha.update(head.getBytes(StandardCharsets.UTF_8));
            sha.update(exchange.request().body());
            String digest = HexFormat.of().formatHex(sha.digest(), 0, 16);
            return "replay-" + digest + "-" + pass.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }
}
