package dev.strangler.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.testsupport.HeadlessChromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The migration dashboard follows the CLI: a route flipped with {@code strangler routes flip} shows its new target on
 * the page (headless Chromium) at its next poll, with the new epoch.
 */
class DashboardCliIT {

    private static final String TABLE = """
            apiVersion: strangler/v1
            backends:
              legacy: {urls: ["%s"]}
              catalog-service: {urls: ["%s"]}
            routes:
              - {id: catalog-read, match: {path: /api/products/**, methods: [GET]}, target: legacy}
            """;

    @TempDir
    Path dir;

    private Backend legacy;
    private Backend catalog;
    private AdminProxy proxy;

    @BeforeEach
    void start() throws Exception {
        legacy = new Backend(request -> Backend.Answer.json("{}"));
        catalog = new Backend(request -> Backend.Answer.json("{}"));
        proxy = new AdminProxy("cli-dashboard", dir, Map.of());
        Path table = Files.writeString(dir.resolve("routes.yaml"), TABLE.formatted(legacy.url(), catalog.url()));
        Cli.Run apply = cli("routes", "apply", table.toString(), "--wait");
        assertThat(apply.exitCode()).as(apply.err()).isZero();
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        legacy.close();
        catalog.close();
    }

    @Test
    void aFlipMadeWithTheCliAppearsOnTheDashboard() throws Exception {
        try (HeadlessChromium chromium = HeadlessChromium.open(dir,
                proxy.admin() + "/admin/dashboard#token=" + AdminProxy.TOKEN)) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(chromium.evaluate(targetOf("catalog-read"))).isEqualTo("legacy"));
            String epoch = (String) chromium.evaluate("document.getElementById('epoch').textContent");

            Cli.Run flip = cli("routes", "flip", "catalog-read", "{canary: {backend: catalog-service, percent: 25}}",
                    "--wait", "--reason", "dashboard test");
            assertThat(flip.exitCode()).as(flip.err()).isZero();

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(chromium.evaluate(targetOf("catalog-read"))).asString().contains("catalog-service").contains("25"));
            assertThat(chromium.evaluate("document.getElementById('epoch').textContent"))
                    .isEqualTo(String.valueOf(Long.parseLong(epoch) + 1));
        }
    }

    private Cli.Run cli(String... args) {
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--admin", proxy.admin(), "--token-file", proxy.tokenFile().toString()))
                .toArray(String[]::new);
        return Cli.run(all);
    }

    private static String targetOf(String route) {
        return "document.querySelector('tr.route[data-route=\"" + route + "\"] td.target')?.textContent ?? null";
    }
}
