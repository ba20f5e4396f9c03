package com.acme.shop.orders.sync;

import com.acme.shop.orders.Order;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.DefaultStringRedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.StringRedisConnection;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.PendingMessages;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.connection.stream.StringRecord;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reverse sync: imports every order orders-service places, read from its stream with a consumer group
 * ({@code acme.reverse-sync.*}, off by default), acknowledged only once its import has committed.
 *
 * <p>Spring Data Redis over the shop's own Redis connection factory (the sessions' Redis), but not its
 * listener container: that one reads only new entries, so a restarted consumer would never take back
 * the entries it had been handed and not acknowledged, and it does not see delivery counts, which
 * decide when an entry is poison. This loop, on one thread with one connection of its own (blocking
 * reads run on a dedicated connection, never the shared one sessions use), first re-reads its own
 * pending entries, then waits for new ones; every {@code claim-idle} it takes over the entries other
 * consumers of the group left unacknowledged that long (XAUTOCLAIM). An entry that can't be decoded goes to the dead letters at
 * once; one whose import fails goes there after {@code max-deliveries}, unless the failure is the
 * database being unreachable, which is waited out (the entries are not at fault).
 */
@Component
@ConditionalOnBooleanProperty("acme.reverse-sync.enabled")
public class ReverseSyncConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReverseSyncConsumer.class);
    /** How long past a read's block time {@link #stop()} waits for the consumer thread, before and after ending the read. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(1);

    private final RedisConnectionFactory connections;
    private final OrderImporter importer;
    private final ReverseSyncProperties properties;
    private final OrderPlacedEntry entries;
    private final StreamDeadLetters deadLetters;
    private volatile boolean running;
    private volatile CountDownLatch stopped = new CountDownLatch(0);
    private Thread thread;
    /** The consumer thread's connection; read by {@link #stop()} too, to end a read Redis does not answer. */
    private volatile StringRedisConnection redis;
    private boolean groupReady;

    public ReverseSyncConsumer(RedisConnectionFactory connections, OrderImporter importer, ReverseSyncProperties properties,
            JsonMapper json) {
        this.connections = connections;
        this.importer = importer;
        this.properties = properties;
        this.entries = new OrderPlacedEntry(json);
        this.deadLetters = new StreamDeadLetters(properties);
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        stopped = new CountDownLatch(1);
        thread = Thread.ofPlatform().name("reverse-sync").start(this::run);
        log.info("Reverse sync: consumer {} of group {} on {}", properties.consumer(), properties.group(), properties.stream());
    }

    @Override
    public void stop() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        stopped.countDown();
        if (t != null) {
            try {
                // A blocking read ends within the block time; the entry in hand is finished, not abandoned.
                t.join(properties.block().plus(STOP_GRACE).toMillis());
                if (t.isAlive()) {
                    // Redis is not answering (gone first at shutdown, as an embedded one is), and the client keeps the
                    // read until it reconnects: closing the connection ends it. Entries handed but not acknowledged
                    // stay pending and are imported on the next start (an import inserts an order only if absent).
                    StringRedisConnection connection = redis;
                    if (connection != null) {
                        closeQuietly(connection);
                    }
                    t.join(STOP_GRACE.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        boolean ownPending = true;
        String cursor = "0";
        long nextClaim = System.nanoTime();
        while (running) {
            try {
                if (!ownPending && System.nanoTime() - nextClaim >= 0) {
                    claimAbandoned();
                    nextClaim = System.nanoTime() + properties.claimIdle().toNanos();
                    ownPending = true;
                    cursor = "0";
                }
                List<StringRecord> records = ownPending ? read(ReadOffset.from(cursor), false) : read(ReadOffset.lastConsumed(), true);
                if (ownPending && records.isEmpty()) {
                    ownPending = false;
                    continue;
                }
                boolean failed = false;
                for (StringRecord record : records) {
                    if (!running) {
                        break;
                    }
                    failed |= !handle(record);
                    cursor = record.getId().getValue();
                }
                if (failed) {
                    ownPending = true;
                    cursor = "0";
                    pause();
                }
            } catch (RuntimeException e) {
                if (!running) {
                    break; // stop() ended a read Redis did not answer
                }
                log.warn("Reverse sync: {} (retrying in {})", NestedExceptionUtils.getMostSpecificCause(e).toString(),
                        properties.retryBackoff());
                disconnect();
                ownPending = true;
                cursor = "0";
                pause();
            }
        }
        disconnect();
    }

    /** Makes entries idle longer than claim-idle this consumer's own pending ones (JUSTID: no delivery counted yet). */
    private void claimAbandoned() {
        connection().execute("XAUTOCLAIM", properties.stream(), properties.group(), properties.consumer(),
                Long.toString(properties.claimIdle().toMillis()), "0-0", "COUNT", Integer.toString(properties.batchSize()),
                "JUSTID");
    }

    private List<StringRecord> read(ReadOffset offset, boolean block) {
        StringRedisConnection connection = connection();
        StreamReadOptions options = StreamReadOptions.empty().count(properties.batchSize());
        List<StringRecord> records = connection.xReadGroupAsString(Consumer.from(properties.group(), properties.consumer()),
                block ? options.block(properties.block()) : options, StreamOffset.create(properties.stream(), offset));
        return records == null ? List.of() : records;
    }

    /** True when the entry is done with (imported, skipped or dead-lettered); false to try it again later. */
    private boolean handle(StringRecord record) {
        String id = record.getId().getValue();
        Map<String, String> fields = record.getValue();
        Optional<Order> order;
        try {
            order = entries.decode(fields);
        } catch (UndecodableEntryException e) {
            log.error("Reverse sync: entry {} can never be imported: {}", id, e.getMessage());
            return deadLetter(id, fields, e.getMessage());
        }
        if (order.isEmpty()) {
            redis.xAck(properties.stream(), properties.group(), id);
            return true;
        }
        try {
            importer.importOrder(order.get());
        } catch (TransientDataAccessException | RecoverableDataAccessException | DataAccessResourceFailureException e) {
            log.warn("Reverse sync: order {} waits for the database: {}", order.get().id(), e.getMessage());
            return false;
        } catch (RuntimeException e) {
            long deliveries = deliveries(id);
            if (deliveries >= properties.maxDeliveries()) {
                log.error("Reverse sync: order {} failed {} times, to the dead letters: {}", order.get().id(), deliveries, e.toString());
                return deadLetter(id, fields, e.toString());
            }
            log.warn("Reverse sync: order {} failed (delivery {} of {}): {}", order.get().id(), deliveries,
                    properties.maxDeliveries(), e.toString());
            return false;
        }
        redis.xAck(properties.stream(), properties.group(), id);
        return true;
    }

    private boolean deadLetter(String id, Map<String, String> fields, String error) {
        deadLetters.move(redis, id, fields, error, deliveries(id));
        return true;
    }

    private long deliveries(String id) {
        PendingMessages pending = redis.xPending(properties.stream(), properties.group(), Range.closed(id, id), 1L);
        return pending.isEmpty() ? 1 : pending.get(0).getTotalDeliveryCount();
    }

    private StringRedisConnection connection() {
        if (redis == null) {
            redis = new DefaultStringRedisConnection(connections.getConnection());
            groupReady = false;
        }
        if (!groupReady) {
            createGroup();
            groupReady = true;
        }
        return redis;
    }

    /** From the stream's start: orders placed before the monolith first listened are imported too. */
    private void createGroup() {
        try {
            redis.xGroupCreate(properties.stream(), ReadOffset.from("0"), properties.group(), true);
        } catch (RuntimeException e) {
            if (!String.valueOf(NestedExceptionUtils.getMostSpecificCause(e).getMessage()).startsWith("BUSYGROUP")) {
                throw e;
            }
        }
    }

    private void disconnect() {
        StringRedisConnection connection = redis;
        if (connection != null) {
            closeQuietly(connection);
            redis = null;
        }
    }

    private static void closeQuietly(StringRedisConnection connection) {
        try {
            connection.close();
        } catch (RuntimeException e) {
            log.debug("Reverse sync: closing the connection failed: {}", e.toString());
        }
    }

    private void pause() {
        try {
            stopped.await(properties.retryBackoff().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
