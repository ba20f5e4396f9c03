package dev.strangler.cli.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.cli.CliFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A topology the lab can't run is refused before anything starts, with every problem named. */
class LabTopologyTest {

    @TempDir
    Path root;

    @Test
    void theRepositorysTopologyIsALabDefinition() {
        assertThat(LabPlanTest.TOPOLOGY.problems()).isEmpty();
        assertThat(LabPlanTest.TOPOLOGY.labSecrets()).containsOnlyKeys("admin-token", "admin-read-token", "identity-key", "internal-token");
    }

    @Test
    void everyProblemIsListed() throws IOException {
        Files.createDirectories(root.resolve("ops"));
        Files.writeString(root.resolve(LabTopology.FILE), """
                apps:
                  - name: a
                    lab:
                      jar: a.jar
                      health: http://127.0.0.1:${port}/
                      ports: {http: A_PORT, admin: A_ADMIN}
                      instances:
                        - {process: one, ports: {http: 1}}
                  - name: b
                  - name: c
                    lab:
                      ports: {http: C_PORT}
                      instances:
                        - {process: one, ports: {http: 2}}
                """);

        assertThatThrownBy(() -> LabTopology.read(root)).isInstanceOf(CliFailure.class)
                .hasMessageContaining("a: instance one has ports [http], the app's settings name [http, admin]")
                .hasMessageContaining("b: no lab block")
                .hasMessageContaining("c: lab needs jar and health")
                .hasMessageContaining("c: an instance's process name is missing or not unique: one");
    }
}
