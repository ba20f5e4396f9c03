package com.acme.shop.outbox;

/**
 * One event to append: which aggregate changed, how, and its full new state as payload, so a
 * consumer can build a projection from events alone.
 */
public record OutboxEvent(String aggregateType, String aggregateId, EventType type, Object payload) {

    public OutboxEvent {
        if (aggregateType == null || aggregateId == null || type == null || payload == null) {
            throw new IllegalArgumentException("aggregateType, aggregateId, type and payload are required");
        }
    }
}
