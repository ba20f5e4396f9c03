package com.acme.shop.orders.sync;

import dev.strangler.testsupport.RedisNamespace;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.resps.StreamEntry;

/** Stands in for orders-service's relay: appends entries of the wire format to its order stream. */
final class OrdersServiceStream implements AutoCloseable {

    private final RedisNamespace namespace;
    private final RedisClient redis;

    OrdersServiceStream(RedisNamespace namespace) {
        this.namespace = namespace;
        this.redis = RedisClient.create(URI.create(namespace.endpoint().uri()));
    }

    String key() {
        return namespace.key(ReverseSyncProperties.STREAM);
    }

    String deadLetterKey(String group) {
        return key() + ":dead:" + group;
    }

    RedisClient redis() {
        return redis;
    }

    /** An OrderPlaced of one line, its payload as the monolith's Order renders it. */
    String orderPlaced(long orderId, long customerId, String sku, int quantity, String unitPrice) {
        String total = new java.math.BigDecimal(unitPrice).multiply(java.math.BigDecimal.valueOf(quantity)).toPlainString();
        return append("OrderPlaced", Long.toString(orderId), """
                {"id":%d,"customerId":%d,"status":"PLACED","total":%s,"placedAt":"2026-11-29T09:00:00.123456Z",
                 "lines":[{"lineNo":1,"sku":"%s","productName":"Imported %s","unitPrice":%s,"quantity":%d,"lineTotal":%s}]}
                """.formatted(orderId, customerId, total, sku, sku, unitPrice, quantity, total));
    }

    /** Appends an entry with the relay's fields; returns its id. */
    String append(String type, String aggregateId, String payload) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("eventId", UUID.randomUUID().toString());
        fields.put("type", type);
        fields.put("aggregateType", "Order");
        fields.put("aggregateId", aggregateId);
        fields.put("sequence", "1");
        fields.put("occurredAt", Instant.now().toString());
        fields.put("payload", payload);
        fields.put("correlationId", "req-" + aggregateId);
        return redis.xadd(key(), XAddParams.xAddParams(), fields).toString();
    }

    /** Entries handed to the group and not acknowledged yet. */
    long pending(String group) {
        return redis.xpending(key(), group).getTotal();
    }

    List<StreamEntry> deadLetters(String group) {
        return redis.xrange(deadLetterKey(group), (StreamEntryID) null, (StreamEntryID) null);
    }

    @Override
    public void close() {
        redis.close();
    }
}
