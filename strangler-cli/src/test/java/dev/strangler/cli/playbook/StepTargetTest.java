package dev.strangler.cli.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.strangler.playbook.Playbook;
import dev.strangler.playbook.PlaybookLoader;
import org.junit.jupiter.api.Test;

class StepTargetTest {

    private static final Playbook ORDERS = PlaybookLoader.parse("""
            apiVersion: strangler/v1
            subdomain: orders
            service: orders-service
            routes: [checkout, orders-read]
            steps:
              - {id: legacy, target: legacy}
              - {id: shadow, target: shadow, shadow: {percent: 50, sandbox: true, sandboxSession: [cart], routes: [checkout]}}
              - {id: canary-5, target: canary, percent: 5}
              - {id: extracted, target: extracted}
              - {id: retire, target: retired}
            """, "orders.yaml");

    private static String flip(int step, String route, JsonNode current) {
        return StepTarget.flip(ORDERS, ORDERS.steps().get(step), route, current).toString();
    }

    @Test
    void legacyExtractedAndRetiredStepsNameTheirTarget() {
        assertThat(flip(0, "checkout", MissingNode.getInstance())).isEqualTo("{\"target\":\"legacy\"}");
        assertThat(flip(3, "checkout", MissingNode.getInstance())).isEqualTo("{\"target\":{\"extracted\":{\"backend\":\"orders-service\"}}}");
        assertThat(flip(4, "checkout", MissingNode.getInstance())).isEqualTo(flip(3, "checkout", MissingNode.getInstance()));
    }

    @Test
    void aShadowStepCopiesToTheServiceAndSandboxesOnlyTheRoutesItNames() {
        assertThat(flip(1, "checkout", MissingNode.getInstance())).isEqualTo("{\"target\":{\"shadow\":{\"primary\":\"legacy\","
                + "\"candidate\":\"orders-service\",\"percent\":50}},\"shadow\":{\"sandbox\":true,\"sandboxSession\":[\"cart\"]}}");
        assertThat(flip(1, "orders-read", MissingNode.getInstance())).isEqualTo("{\"target\":{\"shadow\":{\"primary\":\"legacy\","
                + "\"candidate\":\"orders-service\",\"percent\":50}}}");
    }

    @Test
    void aCanaryKeepsTheCohortOfARouteThatAlreadyIsOne() throws Exception {
        JsonNode canary = new ObjectMapper().readTree(
                "{\"id\": \"checkout\", \"target\": {\"canary\": {\"backend\": \"orders-service\", \"percent\": 1, \"cohort\": \"header:X-User\"}}}");

        assertThat(flip(2, "checkout", canary)).isEqualTo("{\"target\":{\"canary\":{\"backend\":\"orders-service\",\"percent\":5,"
                + "\"cohort\":\"header:X-User\"}}}");
        assertThat(flip(2, "checkout", MissingNode.getInstance())).isEqualTo(
                "{\"target\":{\"canary\":{\"backend\":\"orders-service\",\"percent\":5}}}");
    }
}
