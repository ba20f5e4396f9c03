package dev.strangler.cli.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SubdomainTest {

    @Test
    void aDashedNameGivesTheServiceThePackageTheClassesAndTheSettingsTheirNames() {
        Subdomain subdomain = new Subdomain("loyalty-points");

        assertThat(subdomain.service()).isEqualTo("loyalty-points-service");
        assertThat(subdomain.packageName()).isEqualTo("dev.strangler.loyaltypoints");
        assertThat(subdomain.className()).isEqualTo("LoyaltyPoints");
        assertThat(subdomain.envPrefix()).isEqualTo("LOYALTY_POINTS");
    }

    @Test
    void digitsMayFollowTheFirstLetter() {
        assertThat(new Subdomain("b2b-orders").className()).isEqualTo("B2bOrders");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Billing", "2fa", "-billing", "billing-", "loyalty--points", "loyalty_points", "billing service",
        "bílling", "an-extremely-long-subdomain-name-beyond-forty"})
    void aNameOutsideTheAllowedFormIsRefusedSayingWhy(String name) {
        assertThatThrownBy(() -> new Subdomain(name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the subdomain must");
    }

    @Test
    void aNameThatWouldMakeAReservedJavaPackageIsRefused() {
        assertThatThrownBy(() -> new Subdomain("int")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the subdomain 'int' would make the Java package dev.strangler.int (a reserved word)");
    }

    @Test
    void thePathMustBeALiteralPrefixEndingInTwoStars() {
        Subdomain billing = new Subdomain("billing");

        assertThat(ExtractOptions.of(billing).basePath()).isEqualTo("/api/billing");
        assertThat(new ExtractOptions(billing, "/v2/invoices/**", "Invoice", 8090).basePath()).isEqualTo("/v2/invoices");
        assertThatThrownBy(() -> new ExtractOptions(billing, "/api/billing", "Billing", 8085))
                .hasMessageContaining("the path must be a literal prefix ending in /**");
        assertThatThrownBy(() -> new ExtractOptions(billing, "/api/{id}/**", "Billing", 8085))
                .hasMessageContaining("the path must be a literal prefix ending in /**");
        assertThatThrownBy(() -> new ExtractOptions(billing, "/api/billing/**", "billing", 8085))
                .hasMessageContaining("the aggregate type must be a Java class name");
        assertThatThrownBy(() -> new ExtractOptions(billing, "/api/billing/**", "Billing", 0))
                .hasMessageContaining("the port must be between 1 and 65535");
    }
}
