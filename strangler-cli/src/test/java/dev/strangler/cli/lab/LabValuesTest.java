package dev.strangler.cli.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.cli.CliFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each process's environment, resolved from the topology's templates: configured Redis/PostgreSQL or embedded ones. */
class LabValuesTest {

    private static final Map<String, String> CONFIGURED = Map.of("REDIS_URL", "redis://127.0.0.1:6390/3",
            "DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/lab", "DATABASE_USER", "acme", "DATABASE_PASSWORD", "pw");

    @TempDir
    Path dir;

    private Map<String, String> env(Map<String, String> settings, String process) {
        LabSettings labSettings = new LabSettings(settings);
        LabState state = new LabState(dir).create();
        LabPlan plan = LabPlan.of(LabPlanTest.TOPOLOGY, labSettings);
        LabValues values = new LabValues(LabPlanTest.TOPOLOGY, plan, labSettings, state,
                () -> EmbeddedServices.fromLog(state.log(Lab.MONOLITH)));
        return values.environment(plan.process(process).orElseThrow());
    }

    @Test
    void withRedisAndDatabaseConfiguredTheMonolithIsPointedAtThem() {
        Map<String, String> monolith = env(CONFIGURED, "legacy-monolith");

        assertThat(monolith).containsEntry("SERVER_PORT", "8081").containsEntry("ACME_SEED", "true")
                .containsEntry("SPRING_DATA_REDIS_URL", "redis://127.0.0.1:6390/3")
                .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:5432/lab")
                .containsEntry("SPRING_DATASOURCE_USERNAME", "acme").containsEntry("SPRING_DATASOURCE_PASSWORD", "pw")
                .containsEntry("ACME_REVERSE_SYNC_ENABLED", "true").containsKey("ACME_INTERNAL_TOKEN");
        assertThat(env(CONFIGURED, "orders-service")).containsEntry("ORDERS_DATABASE_URL", "postgresql://acme:pw@127.0.0.1:5432/lab")
                .containsEntry("ORDERS_INTERNAL_TOKEN", monolith.get("ACME_INTERNAL_TOKEN"));
    }

    @Test
    void withoutThemTheMonolithEmbedsItsOwnWhichTheOthersFindInItsLog() throws IOException {
        assertThat(env(Map.of(), "legacy-monolith")).doesNotContainKeys("SPRING_DATA_REDIS_URL", "SPRING_DATASOURCE_URL",
                "SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD");
        Files.writeString(dir.resolve("logs/legacy-monolith.log"), """
                {"message":"No spring.datasource.url configured: started embedded PostgreSQL at jdbc:postgresql://localhost:35135/postgres?user=postgres","x":1}
                {"message":"No spring.data.redis.url configured: started embedded Redis at redis://127.0.0.1:46067"}
                """);

        assertThat(env(Map.of(), "outbox-relay")).containsEntry("RELAY_REDIS_URL", "redis://127.0.0.1:46067")
                .containsEntry("RELAY_DATABASE_URL", "jdbc:postgresql://localhost:35135/postgres")
                .containsEntry("RELAY_DATABASE_USER", "postgres").doesNotContainKey("RELAY_DATABASE_PASSWORD");
        assertThat(env(Map.of(), "orders-service")).containsEntry("ORDERS_DATABASE_URL", "postgresql://postgres@localhost:35135/postgres");
    }

    @Test
    void withoutRedisConfiguredNorEmbeddedAProcessNeedingItCannotStart() {
        assertThatThrownBy(() -> env(Map.of(), "strangler-proxy-1")).isInstanceOf(CliFailure.class)
                .hasMessageContaining("REDIS_URL is not set and the monolith's log names no embedded Redis");
    }

    @Test
    void eachProxyHasItsInstanceIdAndPortsAndBothTheSameSecrets() {
        Map<String, String> first = env(CONFIGURED, "strangler-proxy-1");
        Map<String, String> second = env(CONFIGURED, "strangler-proxy-2");

        assertThat(first).containsEntry("STRANGLER_INSTANCE_ID", "lab-proxy-1").containsEntry("STRANGLER_PUBLIC_PORT", "8080")
                .containsEntry("STRANGLER_ADMIN_PORT", "8090").containsEntry("STRANGLER_LEGACY_URL", "http://127.0.0.1:8081")
                .containsEntry("STRANGLER_REDIS_URL", "redis://127.0.0.1:6390/3");
        assertThat(second).containsEntry("STRANGLER_INSTANCE_ID", "lab-proxy-2").containsEntry("STRANGLER_PUBLIC_PORT", "8088")
                .containsEntry("STRANGLER_ADMIN_PORT", "8091");
        assertThat(second.get("STRANGLER_ADMIN_TOKEN")).isEqualTo(first.get("STRANGLER_ADMIN_TOKEN")).hasSize(48);
        assertThat(second.get("STRANGLER_IDENTITY_KEY")).isEqualTo(first.get("STRANGLER_IDENTITY_KEY")).hasSize(64);
    }

    @Test
    void onlyTheFirstCatalogInstanceBackfills() {
        assertThat(env(CONFIGURED, "catalog-service-1")).containsEntry("CATALOG_BACKFILL_FROM", "http://127.0.0.1:8081");
        assertThat(env(CONFIGURED, "catalog-service-2")).doesNotContainKey("CATALOG_BACKFILL_FROM")
                .containsEntry("CATALOG_HTTP_PORT", "8083");
    }

    @Test
    void aSecretIsGeneratedOnceIntoAFileOnlyItsOwnerReads() throws IOException {
        String token = env(CONFIGURED, "strangler-proxy-1").get("STRANGLER_ADMIN_TOKEN");

        assertThat(Files.readString(dir.resolve("admin-token"))).isEqualTo(token);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("admin-token")))).isEqualTo("rw-------");
        assertThat(env(CONFIGURED, "strangler-proxy-2").get("STRANGLER_ADMIN_TOKEN")).isEqualTo(token);
    }

    @Test
    void anUnknownValueNameFailsNamingTheTemplate() {
        LabSettings settings = new LabSettings(Map.of());
        LabPlan plan = LabPlan.of(LabPlanTest.TOPOLOGY, settings);
        LabValues values = new LabValues(LabPlanTest.TOPOLOGY, plan, settings, new LabState(dir), () -> {
            throw new AssertionError("not needed");
        });

        assertThatThrownBy(() -> values.resolve("http://${nope}/", plan.processes().getFirst(), "health"))
                .isInstanceOf(CliFailure.class).hasMessageContaining("legacy-monolith's health (http://${nope}/)")
                .hasMessageContaining("nope");
    }
}
