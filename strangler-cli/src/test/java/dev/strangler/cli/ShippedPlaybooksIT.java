package dev.strangler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every playbook the repository ships, against a real proxy serving the lab's route table: its routes are all there, and
 * every step's target is one the proxy takes for each of them (the playbook run to its end with soaks, gates and manual
 * approvals taken out).
 */
class ShippedPlaybooksIT {

    private static final Path PLAYBOOKS = Path.of("../migration-playbooks/playbooks");
    private static final Path LAB_ROUTES = Path.of("../strangler-proxy/examples/lab-routes.yaml");

    @TempDir
    Path dir;

    private AdminProxy proxy;

    @BeforeEach
    void start() throws Exception {
        proxy = new AdminProxy("cli-shipped-playbooks", dir, Map.of());
        Cli.Run apply = admin("routes", "apply", LAB_ROUTES.toString(), "--wait");
        assertThat(apply.exitCode()).as(apply.err()).isZero();
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    private Cli.Run admin(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--admin", proxy.admin(), "--token-file", proxy.tokenFile().toString()));
        return Cli.run(all.toArray(String[]::new));
    }

    @Test
    void everyShippedPlaybookDryRunsAgainstTheLabsRouteTable() throws IOException {
        List<Path> playbooks;
        try (Stream<Path> files = Files.walk(PLAYBOOKS)) {
            // drift/ holds drift specs, not playbooks; lab/ the lab's quicker variants, checked like the rest
            playbooks = files.filter(p -> p.toString().endsWith(".yaml") && !p.startsWith(PLAYBOOKS.resolve("drift"))).sorted().toList();
        }

        assertThat(playbooks).hasSizeGreaterThanOrEqualTo(2);
        for (Path playbook : playbooks) {
            Cli.Run dry = admin("playbook", "run", playbook.toString(), "--dry-run", "--replay-report", "replay.json");
            assertThat(dry.exitCode()).as(playbook + ": " + dry.err()).isZero();
            assertThat(dry.out()).as(playbook.toString()).contains("would start at step legacy");
        }
        assertThat(admin("routes", "list").err()).contains("epoch 1");
    }

    @Test
    void everyStepOfEveryShippedPlaybookFlipsTheLabsRoutesAndBackToLegacy() throws Exception {
        YAMLMapper yaml = new YAMLMapper();
        for (String name : List.of("catalog.yaml", "orders.yaml")) {
            ObjectNode playbook = (ObjectNode) yaml.readTree(PLAYBOOKS.resolve(name).toFile());
            playbook.withArray("steps").forEach(step -> ((ObjectNode) step).remove(List.of("soak", "gate", "approval")));
            Path quick = dir.resolve("quick-" + name);
            yaml.writeValue(quick.toFile(), playbook);

            Cli.Run run = admin("playbook", "run", quick.toString(), "--gate-interval", "PT0.1S");

            assertThat(run.exitCode()).as(name + ": " + run.err()).isZero();
            assertThat(run.out()).as(name).contains("completed: playbook " + playbook.path("subdomain").asText() + " completed");
            String subdomain = playbook.path("subdomain").asText();
            Cli.Run back = admin("playbook", "rollback", subdomain, "--to", "legacy");
            assertThat(back.exitCode()).as(name + ": " + back.err()).isZero();
        }
        Cli.Run routes = admin("routes", "list");
        assertThat(routes.out().lines().filter(l -> l.startsWith("catalog-read") || l.startsWith("checkout")))
                .hasSize(2).allSatisfy(l -> assertThat(l).endsWith("-> legacy"));
    }
}
