package com.acme.shop.orders.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.connection.StringRedisConnection;

/**
 * Moves a poison entry to {@code <stream>:dead:<group>} in one script, as service-kit's dead letters
 * do: XADD of the original fields plus {@code error}, {@code deliveries}, {@code sourceId},
 * {@code consumer} and {@code failedAt}, and XACK of the original, both or neither; only while this
 * consumer still holds the entry.
 */
final class StreamDeadLetters {

    private static final String MOVE = """
            -- KEYS: stream, dead-letter stream; ARGV: group, consumer, id, then the dead-letter entry's fields and values
            local held = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[3], ARGV[3], 1)
            if #held == 0 or held[1][2] ~= ARGV[2] then
              return 0
            end
            local entry = {}
            for i = 4, #ARGV do entry[#entry + 1] = ARGV[i] end
            redis.call('XADD', KEYS[2], '*', unpack(entry))
            redis.call('XACK', KEYS[1], ARGV[1], ARGV[3])
            return 1
            """;

    private final ReverseSyncProperties properties;

    StreamDeadLetters(ReverseSyncProperties properties) {
        this.properties = properties;
    }

    /** True when moved; false when the entry is no longer this consumer's. */
    boolean move(StringRedisConnection redis, String id, Map<String, String> fields, String error, long deliveries) {
        List<String> keysAndArgs = new ArrayList<>(List.of(properties.stream(), properties.deadLetterStream(),
                properties.group(), properties.consumer(), id));
        fields.forEach((name, value) -> {
            keysAndArgs.add(name);
            keysAndArgs.add(value);
        });
        keysAndArgs.addAll(List.of("error", error, "deliveries", Long.toString(deliveries), "sourceId", id,
                "consumer", properties.consumer(), "failedAt", Instant.now().toString()));
        Long moved = redis.eval(MOVE, ReturnType.INTEGER, 2, keysAndArgs.toArray(String[]::new));
        return moved != null && moved == 1;
    }
}
