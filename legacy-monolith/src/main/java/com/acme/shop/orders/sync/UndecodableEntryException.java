package com.acme.shop.orders.sync;

/** A stream entry that can never be imported, however often it is tried: it goes to the dead letters at once. */
final class UndecodableEntryException extends RuntimeException {

    UndecodableEntryException(String message) {
        super(message);
    }
}
