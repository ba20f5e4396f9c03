package dev.strangler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.proxy.route.BackendDefinition;
import dev.strangler.proxy.route.RouteTableCodec;
import dev.strangler.proxy.route.RouteTableDefinition;
import dev.strangler.proxy.route.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code strangler extract} on a project skeleton: what it writes, what it refuses, and that a refusal changes nothing. */
class ExtractTest {

    @TempDir
    Path project;

    private Path servicesPom;
    private Path routes;

    @BeforeEach
    void skeleton() throws IOException {
        servicesPom = project.resolve("extracted-services/pom.xml");
        Files.createDirectories(servicesPom.getParent());
        Files.copy(Path.of("../extracted-services/pom.xml"), servicesPom);
        routes = Files.copy(Path.of("../strangler-proxy/examples/lab-routes.yaml"), project.resolve("routes.yaml"));
    }

    private Cli.Run extract(String... more) {
        return Cli.run(Stream.concat(Stream.of("extract"), Stream.of(more)).toArray(String[]::new));
    }

    @Test
    void scaffoldsTheModuleListsItInThePomAndAddsItsRouteInLegacyMode() throws IOException {
        Cli.Run run = extract("billing", "--dir", project.toString(), "--routes", routes.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        Path module = project.resolve("extracted-services/billing-service");
        assertThat(run.out()).contains("created extracted-services/billing-service/pom.xml\n",
                "created extracted-services/billing-service/src/main/java/dev/strangler/billing/BillingApplication.java\n",
                "created extracted-services/billing-service/src/test/java/dev/strangler/billing/contract/BillingContractIT.java\n",
                "added <module>billing-service</module> to extracted-services/pom.xml\n",
                "added route billing: Path(\"/api/billing/**\") -> legacy to " + routes + "\n");
        assertThat(module.resolve("Dockerfile")).content().contains("EXPOSE 8085", "billing-service.jar");
        assertThat(module.resolve("src/main/java/dev/strangler/billing/http/BillingRoutes.java")).content()
                .contains("router.get(\"/api/billing/:id\")");
        try (Stream<Path> files = Files.walk(module)) {
            assertThat(files.filter(Files::isRegularFile)).hasSize(16)
                    .allSatisfy(f -> assertThat(f).content().doesNotContain("{{"));
        }
        assertThat(Files.readString(servicesPom).split("<module>billing-service</module>", -1)).hasSize(2);
        RouteTableDefinition table = RouteTableCodec.parse(Files.readString(routes));
        assertThat(table.route("billing")).get().satisfies(r -> {
            assertThat(r.target()).isEqualTo(new Target.Legacy());
            assertThat(r.match().path()).isEqualTo("/api/billing/**");
        });
        assertThat(table.backends().get("billing-service")).isEqualTo(BackendDefinition.service("billing-service"));
    }

    @Test
    void theOptionsShapeTheRouteAndTheService() throws IOException {
        Cli.Run run = extract("invoicing", "--dir", project.toString(), "--path", "/v2/invoices/**", "--aggregate", "Invoice",
                "--port", "8099");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("no --routes FILE or --admin URL: add the route invoicing: Path(\"/v2/invoices/**\") -> legacy yourself");
        Path code = project.resolve("extracted-services/invoicing-service/src/main/java/dev/strangler/invoicing");
        assertThat(code.resolve("events/InvoiceEventHandler.java")).content().contains("AGGREGATE_TYPE = \"Invoice\"");
        assertThat(code.resolve("http/InvoicingRoutes.java")).content().contains("router.get(\"/v2/invoices/:id\")");
        assertThat(code.resolve("InvoicingSettings.java")).content().contains("DEFAULT_PORT = 8099", "STREAM = \"events:invoice\"");
    }

    @Test
    void anExistingModuleIsNeverOverwrittenAndNothingElseChanges() throws IOException {
        assertThat(extract("billing", "--dir", project.toString()).exitCode()).isZero();
        Path main = project.resolve("extracted-services/billing-service/src/main/java/dev/strangler/billing/Main.java");
        Files.writeString(main, "// edited by hand\n");
        String pom = Files.readString(servicesPom);
        String table = Files.readString(routes);

        Cli.Run again = extract("billing", "--dir", project.toString(), "--routes", routes.toString());

        assertThat(again.exitCode()).isEqualTo(ExitCodes.EXISTS);
        assertThat(again.err()).contains("strangler extract: " + project.resolve("extracted-services/billing-service")
                + " already exists: not overwritten");
        assertThat(again.out()).isEmpty();
        assertThat(main).hasContent("// edited by hand");
        assertThat(servicesPom).hasContent(pom);
        assertThat(routes).hasContent(table);
    }

    @Test
    void aRouteWithTheSubdomainsIdStopsItBeforeAnythingIsWritten() throws IOException {
        assertThat(extract("billing", "--dir", project.toString(), "--routes", routes.toString()).exitCode()).isZero();
        String table = Files.readString(routes);
        String pom = Files.readString(servicesPom);

        Cli.Run other = extract("billing", "--dir", Files.createDirectories(project.resolve("other")).toString(), "--routes",
                routes.toString());

        assertThat(other.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(other.err()).contains("no Strangler project at");
        Files.createDirectories(project.resolve("other/extracted-services"));
        Files.writeString(project.resolve("other/extracted-services/pom.xml"), pom);

        Cli.Run refused = extract("billing", "--dir", project.resolve("other").toString(), "--routes", routes.toString());

        assertThat(refused.exitCode()).isEqualTo(ExitCodes.EXISTS);
        assertThat(refused.err()).contains("the route table has a route 'billing' already: not changed");
        assertThat(project.resolve("other/extracted-services/billing-service")).doesNotExist();
        assertThat(project.resolve("other/extracted-services/pom.xml")).hasContent(pom);
        assertThat(routes).hasContent(table);
    }

    @Test
    void anInvalidRouteTableStopsItWithEveryProblemBeforeAnythingIsWritten() throws IOException {
        Files.writeString(routes, "apiVersion: strangler/v1\nroutes:\n  - {id: a, target: {extracted: nowhere}, bogus: 1}\n");
        String pom = Files.readString(servicesPom);

        Cli.Run run = extract("billing", "--dir", project.toString(), "--routes", routes.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.REJECTED);
        assertThat(run.err()).contains("the route table " + routes + " is invalid, nothing was changed:", "  - ");
        assertThat(project.resolve("extracted-services/billing-service")).doesNotExist();
        assertThat(servicesPom).hasContent(pom);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Billing", "billing_service", "2fa", "billing-", "class"})
    void aBadSubdomainIsAUsageErrorAndWritesNothing(String name) throws IOException {
        Cli.Run run = extract(name, "--dir", project.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("the subdomain").contains("Usage: strangler extract");
        try (Stream<Path> dirs = Files.list(project.resolve("extracted-services"))) {
            assertThat(dirs).containsExactly(servicesPom);
        }
    }

    @Test
    void helpListsTheOptionsAndTheExitCodes() {
        Cli.Run run = extract("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: strangler extract", "SUBDOMAIN", "--dir", "--routes", "--path", "--aggregate",
                "--port", "--admin", "Exit codes:", "5   the module or the route exists already");
    }
}
