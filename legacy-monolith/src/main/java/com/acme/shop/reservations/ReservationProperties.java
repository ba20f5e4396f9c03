package com.acme.shop.reservations;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long stock may stay held for an order that never arrives.
 *
 * @param holdTimeout a HELD reservation older than this is released by the sweeper
 *     ({@code acme.reservations.hold-timeout}); default 10m
 * @param sweepInterval how often the sweeper looks ({@code acme.reservations.sweep-interval}); default 1m
 */
@ConfigurationProperties("acme.reservations")
public record ReservationProperties(@DefaultValue("10m") Duration holdTimeout, @DefaultValue("1m") Duration sweepInterval) {

    public ReservationProperties {
        if (holdTimeout.isNegative() || holdTimeout.isZero()) {
            throw new IllegalArgumentException("acme.reservations.hold-timeout must be positive (got " + holdTimeout + ")");
        }
        if (sweepInterval.toMillis() < 10) {
            throw new IllegalArgumentException("acme.reservations.sweep-interval must be at least 10ms (got " + sweepInterval + ")");
        }
    }
}
