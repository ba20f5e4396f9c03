package dev.strangler.cli.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.cli.CliFailure;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The repository's ops/topology.yaml as the lab's plan: its processes in order, on the ports the settings give. */
class LabPlanTest {

    static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent(); // the module's folder is the cwd
    static final LabTopology TOPOLOGY = LabTopology.read(REPOSITORY);

    @Test
    void theLabStartsTheMonolithFirstThenTwoProxiesAndStopsInReverse() {
        LabPlan plan = LabPlan.of(TOPOLOGY, new LabSettings(Map.of()));

        assertThat(plan.processes()).extracting(LabProcess::name).containsExactly("legacy-monolith", "outbox-relay",
                "strangler-proxy-1", "strangler-proxy-2", "catalog-service-1", "catalog-service-2", "orders-service",
                "orders-relay");
        assertThat(plan.stopOrder().getFirst().name()).isEqualTo("orders-relay");
        assertThat(plan.stopOrder().getLast().name()).isEqualTo("legacy-monolith");
    }

    @Test
    void theProxiesDefaultToThePortsComposePublishesItsReplicasOn() {
        LabPlan plan = LabPlan.of(TOPOLOGY, new LabSettings(Map.of()));

        assertThat(plan.process("strangler-proxy-1").orElseThrow().ports()).isEqualTo(Map.of("http", 8080, "admin", 8090));
        assertThat(plan.process("strangler-proxy-2").orElseThrow().ports()).isEqualTo(Map.of("http", 8088, "admin", 8091));
    }

    @Test
    void aPortSettingListsTheInstancesPortsInOrderAndOneItLeavesOutKeepsItsDefault() {
        LabPlan plan = LabPlan.of(TOPOLOGY, new LabSettings(Map.of("PROXY_PORT", "9080", "ADMIN_PORT", "9090 9091",
                "CATALOG_PORTS", "9082,9083", "LEGACY_PORT", "9081")));

        assertThat(plan.process("strangler-proxy-1").orElseThrow().ports()).isEqualTo(Map.of("http", 9080, "admin", 9090));
        assertThat(plan.process("strangler-proxy-2").orElseThrow().ports()).isEqualTo(Map.of("http", 8088, "admin", 9091));
        assertThat(plan.process("catalog-service-2").orElseThrow().port()).isEqualTo(9083);
        assertThat(plan.firstOf("legacy-monolith").orElseThrow().port()).isEqualTo(9081);
    }

    @Test
    void twoProcessesOnOnePortOrAPortThatIsNoNumberAreUsageErrors() {
        assertThatThrownBy(() -> LabPlan.of(TOPOLOGY, new LabSettings(Map.of("ORDERS_PORT", "8080"))))
                .isInstanceOf(CliFailure.class).hasMessage("port 8080 is given to both strangler-proxy-1 and orders-service "
                        + "(see ORDERS_PORT)");
        assertThatThrownBy(() -> LabPlan.of(TOPOLOGY, new LabSettings(Map.of("LEGACY_PORT", "eighty"))))
                .isInstanceOf(CliFailure.class).hasMessageContaining("LEGACY_PORT must list ports (1-65535)");
    }
}
