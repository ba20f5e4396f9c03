package dev.strangler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.proxy.ProxyApplication;
import dev.strangler.proxy.ProxyConfig;
import dev.strangler.testsupport.FreePort;
import dev.strangler.testsupport.OnVertx;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** strangler playbook run against a proxy that has no Redis for results: it can't read gates or journal, so it starts nothing. */
class PlaybookWithoutResultsIT {

    @TempDir
    Path dir;

    @Test
    void aProxyRecordingNoTrafficOrJournalIsRefusedBeforeAnythingIsFlipped() throws Exception {
        Vertx vertx = Vertx.vertx();
        ProxyApplication proxy = new ProxyApplication(vertx, ProxyConfig.fromEnvironment(Map.of(
                "STRANGLER_PUBLIC_HOST", "127.0.0.1", "STRANGLER_PUBLIC_PORT", String.valueOf(FreePort.find()),
                "STRANGLER_EVENT_LOOPS", "1", "STRANGLER_ADMIN_HOST", "127.0.0.1", "STRANGLER_ADMIN_PORT", "0",
                "STRANGLER_ADMIN_TOKEN", AdminProxy.TOKEN)));
        try {
            OnVertx.await(vertx, () -> proxy.start());
            Path token = Files.writeString(dir.resolve("token"), AdminProxy.TOKEN);

            Cli.Run run = Cli.run("playbook", "run", "../migration-playbooks/playbooks/catalog.yaml",
                    "--admin", "http://127.0.0.1:" + proxy.adminPort(), "--token-file", token.toString());

            assertThat(run.exitCode()).isEqualTo(ExitCodes.REJECTED);
            assertThat(run.err()).contains("GET /admin/traffic (404)").contains("not recorded");
        } finally {
            OnVertx.await(vertx, () -> proxy.stop());
            OnVertx.await(vertx, vertx::close);
        }
    }
}
