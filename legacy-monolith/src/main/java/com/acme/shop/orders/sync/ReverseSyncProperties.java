package com.acme.shop.orders.sync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Reverse sync: the monolith importing the orders orders-service places, from the stream
 * {@code <keyPrefix>orders-service:events:order}. Read and validated here only.
 *
 * @param enabled {@code acme.reverse-sync.enabled}; default false, so a shop that is not told to sync runs as before
 * @param keyPrefix the relays' key prefix ({@code acme.reverse-sync.key-prefix}); default {@value #DEFAULT_KEY_PREFIX}
 * @param group the consumer group ({@code acme.reverse-sync.group}); default {@value #DEFAULT_GROUP}
 * @param consumer this instance's name in the group, kept across restarts so it takes its own pending
 *     entries back ({@code acme.reverse-sync.consumer}); default the host name
 * @param maxDeliveries deliveries of an entry that keeps failing before it goes to the dead-letter stream
 *     ({@code acme.reverse-sync.max-deliveries}); default 5
 * @param batchSize entries read at once ({@code acme.reverse-sync.batch-size}); default 50
 * @param block how long one read waits for new entries ({@code acme.reverse-sync.block}); default 2s
 * @param retryBackoff the pause after a failure before trying again ({@code acme.reverse-sync.retry-backoff}); default 1s
 * @param claimIdle entries another consumer of the group was handed and left unacknowledged this long (it
 *     crashed, or was scaled away) are taken over ({@code acme.reverse-sync.claim-idle}); default 1m, also how
 *     often this consumer looks for them
 */
@ConfigurationProperties("acme.reverse-sync")
public record ReverseSyncProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue(DEFAULT_KEY_PREFIX) String keyPrefix,
        @DefaultValue(DEFAULT_GROUP) String group,
        String consumer,
        @DefaultValue("5") int maxDeliveries,
        @DefaultValue("50") int batchSize,
        @DefaultValue("2s") Duration block,
        @DefaultValue("1s") Duration retryBackoff,
        @DefaultValue("1m") Duration claimIdle) {

    public static final String DEFAULT_KEY_PREFIX = "strangler:";
    public static final String DEFAULT_GROUP = "legacy-monolith";
    /** The stream orders-service's relay writes its orders to, under the key prefix. */
    public static final String STREAM = "orders-service:events:order";

    public ReverseSyncProperties {
        if (consumer == null || consumer.isBlank()) {
            consumer = System.getenv().getOrDefault("HOSTNAME", "acme-shop");
        }
        List<String> problems = new ArrayList<>();
        if (!keyPrefix.matches("[A-Za-z0-9_.:{}-]*")) {
            problems.add("key-prefix must be letters, digits and '_.:{}-' (got '" + keyPrefix + "')");
        }
        if (!group.matches("[A-Za-z0-9_.:-]+")) {
            problems.add("group must be letters, digits and '_.:-' (got '" + group + "')");
        }
        if (!consumer.matches("[A-Za-z0-9_.:-]+")) {
            problems.add("consumer must be letters, digits and '_.:-' (got '" + consumer + "')");
        }
        if (maxDeliveries < 1) {
            problems.add("max-deliveries must be at least 1 (got " + maxDeliveries + ")");
        }
        if (batchSize < 1 || batchSize > 1_000) {
            problems.add("batch-size must be between 1 and 1000 (got " + batchSize + ")");
        }
        if (block.toMillis() < 1) {
            problems.add("block must be at least 1ms (got " + block + ")");
        }
        if (retryBackoff.isNegative()) {
            problems.add("retry-backoff must not be negative (got " + retryBackoff + ")");
        }
        if (claimIdle.toMillis() < 100) {
            problems.add("claim-idle must be at least 100ms (got " + claimIdle + ")");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("acme.reverse-sync: " + String.join("; ", problems));
        }
    }

    public String stream() {
        return keyPrefix + STREAM;
    }

    /** Where poison entries go: {@code <stream>:dead:<group>}, named as service-kit's dead letters are. */
    public String deadLetterStream() {
        return stream() + ":dead:" + group;
    }
}
