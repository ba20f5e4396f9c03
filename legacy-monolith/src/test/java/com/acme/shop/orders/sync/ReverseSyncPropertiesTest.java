package com.acme.shop.orders.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReverseSyncPropertiesTest {

    @Test
    void theStreamAndItsDeadLettersAreNamedFromThePrefixAndGroup() {
        ReverseSyncProperties properties = new ReverseSyncProperties(false, "strangler:", "legacy-monolith", "shop-1", 5, 50,
                Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofMinutes(1));

        assertThat(properties.stream()).isEqualTo("strangler:orders-service:events:order");
        assertThat(properties.deadLetterStream()).isEqualTo("strangler:orders-service:events:order:dead:legacy-monolith");
    }

    @Test
    void withoutAConsumerNameTheHostNamesIt() {
        ReverseSyncProperties properties = new ReverseSyncProperties(false, "", "g", null, 5, 50, Duration.ofSeconds(2),
                Duration.ofSeconds(1), Duration.ofMinutes(1));

        assertThat(properties.consumer()).isNotBlank();
    }

    @Test
    void everyBadValueIsNamedAtOnce() {
        assertThatThrownBy(() -> new ReverseSyncProperties(true, "has space", "g", "c", 0, 5_000, Duration.ZERO,
                Duration.ofSeconds(-1), Duration.ofMillis(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("key-prefix", "max-deliveries", "batch-size", "block", "retry-backoff", "claim-idle");
    }
}
