package com.acme.shop.reservations;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.shop.ShopIntegrationBase;
import com.acme.shop.ShopResponse;
import org.junit.jupiter.api.Test;

/** Without acme.internal.token (the default) the internal API does not exist. */
class InternalApiDisabledIT extends ShopIntegrationBase {

    @Test
    void withoutATokenConfiguredTheInternalPathsAreNotFound() {
        ShopResponse reserve = newClient().withHeader("Authorization", "Bearer anything")
                .post("/internal/stock/reservations", "{\"reservationId\":\"order:1\",\"lines\":{\"ACME-00001\":1}}");
        ShopResponse release = newClient().delete("/internal/stock/reservations/order:1");

        assertThat(reserve.status()).isEqualTo(404);
        assertThat(release.status()).isEqualTo(404);
        assertThat(reserve.contentType()).startsWith("application/problem+json");
    }
}
