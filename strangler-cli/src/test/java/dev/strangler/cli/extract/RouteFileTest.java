package dev.strangler.cli.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.proxy.route.BackendDefinition;
import dev.strangler.proxy.route.InvalidRouteTableException;
import dev.strangler.proxy.route.RouteDefinition;
import dev.strangler.proxy.route.RouteTableCodec;
import dev.strangler.proxy.route.RouteTableDefinition;
import dev.strangler.proxy.route.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RouteFileTest {

    private static final ExtractRoute BILLING = ExtractRoute.of(ExtractOptions.of(new Subdomain("billing")));

    @Test
    void theLabsTableGetsTheRouteInLegacyModeAndTheBackendThroughDiscoveryKeepingEveryComment() throws Exception {
        String lab = Files.readString(Path.of("../strangler-proxy/examples/lab-routes.yaml"));

        RouteFile.Edit edit = RouteFile.add(lab, BILLING);

        assertThat(edit.rewritten()).isFalse();
        assertThat(edit.text().lines().filter(l -> l.strip().startsWith("#")))
                .containsAll(lab.lines().filter(l -> l.strip().startsWith("#")).toList());
        RouteTableDefinition table = RouteTableCodec.parse(edit.text());
        RouteDefinition route = table.routes().get(table.routes().size() - 1);
        assertThat(route.id()).isEqualTo("billing");
        assertThat(route.match().path()).isEqualTo("/api/billing/**");
        assertThat(route.target()).isEqualTo(new Target.Legacy());
        assertThat(table.backends().get("billing-service")).isEqualTo(BackendDefinition.service("billing-service"));
        assertThat(table.cacheInvalidation()).isEqualTo(RouteTableCodec.parse(lab).cacheInvalidation());
        assertThat(edit.text()).contains("""
                  - id: billing
                    # Scaffolded by `strangler extract`: legacy serves it until flipped to billing-service.
                    match:
                      path: /api/billing/**
                    target: legacy
                """);
    }

    @Test
    void aBackendOfThatNameIsKeptAsItIs() {
        String table = """
                apiVersion: strangler/v1
                backends:
                  legacy: {urls: ["http://127.0.0.1:8081"]}
                  billing-service: {urls: ["http://127.0.0.1:9000"]}
                routes:
                  - {id: catalog-read, match: {path: /api/products/**}, target: legacy}
                """;

        RouteFile.Edit edit = RouteFile.add(table, BILLING);

        assertThat(edit.rewritten()).isFalse();
        assertThat(RouteTableCodec.parse(edit.text()).backends().get("billing-service").urls()).hasToString("[http://127.0.0.1:9000]");
        assertThat(edit.text()).startsWith(table.strip());
    }

    @Test
    void aTableInFlowStyleIsWrittenOutAnewAndSaysSo() {
        String table = "{apiVersion: strangler/v1, backends: {legacy: {urls: ['http://127.0.0.1:8081']}}, routes: []}";

        RouteFile.Edit edit = RouteFile.add(table, BILLING);

        assertThat(edit.rewritten()).isTrue();
        assertThat(RouteTableCodec.parse(edit.text()).route("billing")).get().extracting(RouteDefinition::target)
                .isEqualTo(new Target.Legacy());
    }

    @Test
    void aRouteWithTheSubdomainsIdIsNotReplaced() {
        String table = """
                apiVersion: strangler/v1
                backends:
                  legacy: {urls: ["http://127.0.0.1:8081"]}
                routes:
                  - {id: billing, match: {path: /billing/**}, target: legacy}
                """;

        assertThatThrownBy(() -> RouteFile.add(table, BILLING)).isInstanceOf(AlreadyExistsException.class)
                .hasMessage("the route table has a route 'billing' already: not changed");
    }

    @Test
    void anInvalidTableIsRefusedWithTheProxysProblems() {
        assertThatThrownBy(() -> RouteFile.add("apiVersion: strangler/v1\nroutes: {}\n", BILLING))
                .isInstanceOf(InvalidRouteTableException.class)
                .satisfies(e -> assertThat(((InvalidRouteTableException) e).problems()).contains("routes: must be a list"));
    }
}
