package com.acme.shop.reservations;

/** HELD: stock taken for an order not yet here; CONFIRMED: the order was imported; RELEASED: stock put back. */
public enum ReservationStatus {
    HELD,
    CONFIRMED,
    RELEASED
}
