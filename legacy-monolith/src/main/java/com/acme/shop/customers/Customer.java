package com.acme.shop.customers;

import java.time.Instant;

/** A registered customer as shown to them and published in events (never the password hash). */
public record Customer(long id, String email, String name, Instant registeredAt) {}
