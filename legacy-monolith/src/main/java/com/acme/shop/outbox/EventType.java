package com.acme.shop.outbox;

/** Every kind of event the monolith publishes through the outbox; the name is the wire value. */
public enum EventType {
    ProductCreated,
    ProductUpdated,
    PriceChanged,
    StockChanged,
    OrderPlaced,
    CustomerRegistered
}
