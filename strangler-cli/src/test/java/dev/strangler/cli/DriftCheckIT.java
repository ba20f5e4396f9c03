package dev.strangler.cli;

import static dev.strangler.cli.OrderStores.LEGACY;
import static dev.strangler.cli.OrderStores.PLACED;
import static dev.strangler.cli.OrderStores.SANDBOX;
import static dev.strangler.cli.OrderStores.SERVICE;
import static dev.strangler.cli.OrderStores.line;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strangler.testsupport.PostgresDatabase;
import dev.strangler.testsupport.PostgresExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code strangler drift check} on real PostgreSQL, with the shipped orders specs pointed at a database of its own. */
@ExtendWith(PostgresExtension.class)
class DriftCheckIT {

    static final Path ORDERS_SPEC = Path.of("../migration-playbooks/playbooks/drift/orders.yaml");
    static final Path SANDBOX_SPEC = Path.of("../migration-playbooks/playbooks/drift/orders-sandbox.yaml");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static OrderStores stores;

    @TempDir
    Path dir;

    @BeforeAll
    static void schemas(PostgresDatabase db) throws Exception {
        stores = new OrderStores(db);
        stores.create();
    }

    @BeforeEach
    void empty() throws Exception {
        stores.clear();
    }

    /** Runs the check with both sides on the test database; returns the run, the JSON result in {@link #result}. */
    private Cli.Run check(Path spec, String... more) {
        List<String> args = new ArrayList<>(List.of("drift", "check", "--spec", spec.toString(),
                "--legacy-database", stores.url(), "--extracted-database", stores.url(),
                "--json", dir.resolve("drift.json").toString(), "--html", dir.resolve("drift.html").toString()));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    private JsonNode result() throws Exception {
        return JSON.readTree(dir.resolve("drift.json").toFile());
    }

    @Test
    void storesHoldingTheSameOrdersAreClean() throws Exception {
        for (String schema : List.of(LEGACY, SERVICE)) {
            stores.order(schema, 1, line("ACME-00001", "12.50", 2), line("ACME-00002", "3.99", 1));
            stores.order(schema, 2, line("ACME-00003", "100.00", 1));
            stores.order(schema, 1_000_000_000L, line("ACME-00001", "12.50", 1));
        }

        Cli.Run run = check(ORDERS_SPEC);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        JsonNode result = result();
        assertThat(result.path("drift").asLong()).isZero();
        assertThat(result.path("passed").asBoolean()).isTrue();
        assertThat(result.path("legacy").path("aggregates").asLong()).isEqualTo(3);
        assertThat(result.path("extracted").path("aggregates").asLong()).isEqualTo(3);
        assertThat(result.path("legacy").path("digest").asText()).hasSize(64)
                .isEqualTo(result.path("extracted").path("digest").asText());
        JsonNode aggregates = result.path("aggregates");
        assertThat(aggregates.path("inBoth").asLong()).isEqualTo(3);
        assertThat(aggregates.path("equal").asLong()).isEqualTo(3);
        assertThat(aggregates.path("differences")).isEmpty();
        assertThat(aggregates.path("onlyInLegacyIds")).isEmpty();
        assertThat(result.path("events").isNull()).isTrue();
        assertThat(run.out()).contains("Aggregates: 3 in both: 3 equal, 0 equal under the rules, 0 different; "
                + "0 only in legacy, 0 only in extracted").contains("Drift 0 (max 0): PASSED");
    }

    @Test
    void aMissingOrderAnExtraOrderAndAChangedLinePriceAreReportedExactlyAndAnIgnoredPlacedAtIsNot() throws Exception {
        stores.order(LEGACY, 1, line("ACME-00001", "12.50", 2));
        stores.order(LEGACY, 2, line("ACME-00001", "12.50", 1), line("ACME-00002", "9.99", 3));
        stores.order(LEGACY, 3, line("ACME-00003", "1.00", 1));
        stores.order(SERVICE, 1, null, PLACED.plusMillis(1), line("ACME-00001", "12.50", 2));
        stores.order(SERVICE, 2, line("ACME-00001", "12.50", 1), line("ACME-00002", "8.99", 3));
        stores.order(SERVICE, 1_000_000_001L, line("ACME-00003", "1.00", 1));

        Cli.Run run = check(ORDERS_SPEC);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.MISMATCH);
        JsonNode aggregates = result().path("aggregates");
        assertThat(aggregates.path("inBoth").asLong()).isEqualTo(2);
        assertThat(aggregates.path("equal").asLong()).isEqualTo(1);
        assertThat(aggregates.path("different").asLong()).isEqualTo(1);
        assertThat(aggregates.path("onlyInLegacyIds").toString()).isEqualTo("[\"3\"]");
        assertThat(aggregates.path("onlyInExtractedIds").toString()).isEqualTo("[\"1000000001\"]");
        JsonNode different = aggregates.path("differences").get(0);
        assertThat(different.path("id").asText()).isEqualTo("2");
        assertThat(different.path("legacyChecksum").asText()).hasSize(64)
                .isNotEqualTo(different.path("extractedChecksum").asText());
        assertThat(different.path("differences").toString()).isEqualTo("["
                + "{\"kind\":\"CHANGED\",\"path\":\"/total\",\"legacy\":\"42.47\",\"extracted\":\"39.47\"},"
                + "{\"kind\":\"CHANGED\",\"path\":\"/lines/1/unitPrice\",\"legacy\":\"9.99\",\"extracted\":\"8.99\"},"
                + "{\"kind\":\"CHANGED\",\"path\":\"/lines/1/lineTotal\",\"legacy\":\"29.97\",\"extracted\":\"26.97\"}]");
        assertThat(result().path("drift").asLong()).isEqualTo(3);
        assertThat(run.out()).contains("only in legacy: 3").contains("only in extracted: 1000000001")
                .contains("different: 2 (3 differences)").contains("Drift 3 (max 0): FAILED");
        // placedAt differs by a millisecond on order 1: ignored by the spec, so order 1 is equal, not drift.
        assertThat(result().toString()).doesNotContain("placedAt");
    }

    @Test
    void theChecksumsFileHasEveryIdWithBothChecksumsAndItsVerdict() throws Exception {
        stores.order(LEGACY, 1, line("ACME-00001", "12.50", 2));
        stores.order(LEGACY, 2, line("ACME-00001", "12.50", 1));
        stores.order(SERVICE, 1, null, PLACED.plusMillis(1), line("ACME-00001", "12.50", 2));
        stores.order(SERVICE, 3, line("ACME-00001", "12.50", 1));
        Path checksums = dir.resolve("out/checksums.tsv");

        Cli.Run run = check(ORDERS_SPEC, "--checksums", checksums.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.MISMATCH);
        List<String> lines = Files.readAllLines(checksums);
        assertThat(lines).hasSize(4);
        assertThat(lines.getFirst()).isEqualTo("id\tlegacy\textracted\tverdict");
        assertThat(lines.get(1)).matches("1\t([0-9a-f]{64})\t\\1\tequal");
        assertThat(lines.get(2)).matches("2\t[0-9a-f]{64}\t-\tonly-in-legacy");
        assertThat(lines.get(3)).matches("3\t-\t[0-9a-f]{64}\tonly-in-extracted");
    }

    @Test
    void driftWithinMaxDriftPasses() throws Exception {
        stores.order(LEGACY, 1, line("ACME-00001", "12.50", 2));

        assertThat(check(ORDERS_SPEC, "--max-drift", "1").exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(check(ORDERS_SPEC, "--max-drift", "0").exitCode()).isEqualTo(ExitCodes.MISMATCH);
    }

    @Test
    void theSandboxSpecPairsTheSameRequestsOrdersAndEventsByCorrelationId() throws Exception {
        String legacyPayload = "{\"id\":10,\"customerId\":7,\"status\":\"PLACED\",\"total\":25.00,"
                + "\"placedAt\":\"2026-11-29T06:00:00.123Z\",\"lines\":[{\"lineNo\":1,\"sku\":\"ACME-00001\","
                + "\"unitPrice\":12.50,\"quantity\":2,\"lineTotal\":25.00}]}";
        stores.order(LEGACY, 10, line("ACME-00001", "12.50", 2));
        stores.event(LEGACY, "req-a", "OrderPlaced", "10", legacyPayload);
        stores.order(SANDBOX, 1_000_000_005L, "req-a", PLACED.plusSeconds(1), line("ACME-00001", "12.50", 2));
        stores.event(SANDBOX, "req-a", "OrderPlaced", "1000000005", legacyPayload
                .replace("\"id\":10", "\"id\":1000000005").replace("06:00:00.123Z", "06:00:01.123Z"));
        // A request the monolith refused (say, out of stock) that the sandbox accepted.
        stores.order(SANDBOX, 1_000_000_006L, "req-b", PLACED, line("ACME-00002", "5.00", 1));
        stores.event(SANDBOX, "req-b", "OrderPlaced", "1000000006", "{\"id\":1000000006,\"total\":5.00}");

        Cli.Run run = check(SANDBOX_SPEC);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.MISMATCH);
        JsonNode result = result();
        assertThat(result.path("aggregates").path("equal").asLong()).isEqualTo(1);
        assertThat(result.path("aggregates").path("onlyInExtractedIds").toString()).isEqualTo("[\"req-b\"]");
        JsonNode events = result.path("events");
        assertThat(events.path("matching").asLong()).isEqualTo(1);
        assertThat(events.path("onlyInExtractedList").toString())
                .isEqualTo("[{\"correlationId\":\"req-b\",\"events\":[\"OrderPlaced 1000000006\"]}]");
        assertThat(result.path("drift").asLong()).isEqualTo(2);
    }

    @Test
    void eventsOnOneSideOnlyAndDifferingEventsAreReportedByCorrelationId() throws Exception {
        Path spec = Files.writeString(dir.resolve("events.yaml"), """
                apiVersion: strangler/v1
                kind: DriftCheck
                name: order-events
                legacy:
                  database: postgresql://nobody@127.0.0.1:1/overridden
                  aggregates: select id, json_build_object('id', id) as state from public.orders
                  events: select correlation_id, event_type, aggregate_id, payload from public.outbox
                extracted:
                  database: postgresql://nobody@127.0.0.1:1/overridden
                  aggregates: select id, json_build_object('id', id) as state from orders_service.orders
                  events: select correlation_id, event_type, aggregate_id, payload from orders_service.outbox
                compare:
                  events:
                    ignore: [/payload/placedAt]
                """);
        stores.event(LEGACY, "req-1", "OrderPlaced", "1", "{\"total\":25.00,\"placedAt\":\"a\"}");
        stores.event(SERVICE, "req-1", "OrderPlaced", "1", "{\"total\":25.00,\"placedAt\":\"b\"}");
        stores.event(LEGACY, "req-2", "OrderPlaced", "2", "{\"total\":5.00}");
        stores.event(SERVICE, "req-2", "OrderPlaced", "2", "{\"total\":5.50}");
        stores.event(SERVICE, "req-2", "OrderCancelled", "2", "{}");
        stores.event(LEGACY, "req-3", "OrderPlaced", "3", "{\"total\":1.00}");
        stores.event(SERVICE, "req-4", "OrderPlaced", "4", "{\"total\":2.00}");
        stores.event(LEGACY, null, "OrderPlaced", "5", "{}");

        Cli.Run run = check(spec);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.MISMATCH);
        JsonNode result = result();
        JsonNode events = result.path("events");
        assertThat(events.path("legacyCorrelationIds").asLong()).isEqualTo(3);
        assertThat(events.path("extractedCorrelationIds").asLong()).isEqualTo(3);
        assertThat(events.path("inBoth").asLong()).isEqualTo(2);
        assertThat(events.path("matching").asLong()).isEqualTo(1);
        assertThat(events.path("onlyInLegacyList").toString())
                .isEqualTo("[{\"correlationId\":\"req-3\",\"events\":[\"OrderPlaced 3\"]}]");
        assertThat(events.path("onlyInExtractedList").toString())
                .isEqualTo("[{\"correlationId\":\"req-4\",\"events\":[\"OrderPlaced 4\"]}]");
        assertThat(events.path("differences").toString()).isEqualTo("[{\"correlationId\":\"req-2\",\"differences\":["
                + "{\"kind\":\"EXTRA\",\"path\":\"OrderCancelled\",\"legacy\":null,"
                + "\"extracted\":\"{\\\"type\\\":\\\"OrderCancelled\\\",\\\"aggregateId\\\":\\\"2\\\",\\\"payload\\\":{}}\"},"
                + "{\"kind\":\"CHANGED\",\"path\":\"OrderPlaced/payload/total\",\"legacy\":\"5.00\",\"extracted\":\"5.50\"}]}]");
        assertThat(result.path("legacy").path("events").asLong()).isEqualTo(4);
        assertThat(result.path("legacy").path("uncorrelatedEvents").asLong()).isEqualTo(1);
        assertThat(result.path("drift").asLong()).isEqualTo(3);
        assertThat(run.out()).contains("only in legacy: req-3: OrderPlaced 3")
                .contains("only in extracted: req-4: OrderPlaced 4")
                .contains("differing: req-2: EXTRA OrderCancelled");
    }

    @Test
    void theEventsWindowLimitsWhatIsCompared() throws Exception {
        stores.execute("insert into public.outbox (event_id, aggregate_type, aggregate_id, event_type, payload,"
                + " occurred_at, correlation_id) values (gen_random_uuid(), 'Order', '1', 'OrderPlaced', '{}',"
                + " '2026-11-28T10:00:00Z', 'req-old')");
        stores.event(LEGACY, "req-new", "OrderPlaced", "2", "{}");
        stores.event(SERVICE, "req-new", "OrderPlaced", "2", "{}");
        Path spec = Files.writeString(dir.resolve("window.yaml"), """
                apiVersion: strangler/v1
                kind: DriftCheck
                name: windowed
                legacy:
                  database: postgresql://nobody@127.0.0.1:1/overridden
                  aggregates: select id, '{}'::json as state from public.orders
                  events: |
                    select correlation_id, event_type, aggregate_id, payload from public.outbox
                    where (:since is null or occurred_at >= :since) and (:until is null or occurred_at < :until)
                extracted:
                  database: postgresql://nobody@127.0.0.1:1/overridden
                  aggregates: select id, '{}'::json as state from orders_service.orders
                  events: |
                    select correlation_id, event_type, aggregate_id, payload from orders_service.outbox
                    where (:since is null or occurred_at >= :since) and (:until is null or occurred_at < :until)
                """);

        assertThat(check(spec).exitCode()).isEqualTo(ExitCodes.MISMATCH);
        Cli.Run windowed = check(spec, "--since", "2026-11-29T00:00:00Z");

        assertThat(windowed.exitCode()).as(windowed.err() + windowed.out()).isEqualTo(ExitCodes.OK);
        assertThat(result().path("events").path("matching").asLong()).isEqualTo(1);
    }

    @Test
    void aBadSpecExitsTwoWithEveryProblemAndItsPlace() throws Exception {
        Path spec = Files.writeString(dir.resolve("bad.yaml"), """
                apiVersion: strangler/v0
                kind: Drift
                name: orders
                legacy:
                  database: postgresql://acme:hunter2@db:5432/acme
                  events: select 1
                  aggregate: select 1
                extracted:
                  database: mysql://db/acme
                  passwordEnv: 1BAD
                  aggregates: "select 1; drop table orders"
                compare:
                  aggregates:
                    ignore: [placedAt]
                window:
                  since: 2026-11-29T10:00:00Z
                  until: yesterday
                """);

        Cli.Run run = Cli.run("drift", "check", "--spec", spec.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains(
                "apiVersion: must be 'strangler/v1', was 'strangler/v0'",
                "kind: must be 'DriftCheck', was 'Drift'",
                "legacy.aggregate: unknown field (known: aggregates, database, events, passwordEnv)",
                "legacy.database: has a password in it; name the environment variable holding it in passwordEnv",
                "legacy.aggregates: required",
                "extracted.database: must be a postgresql://user@host:port/database or jdbc:postgresql://host:port/"
                        + "database URL, was 'mysql://db/acme'",
                "extracted.passwordEnv: must be an environment variable's name, was '1BAD'",
                "extracted.aggregates: must be one query without ';'",
                "extracted.events: give an events query on both sides or on neither",
                "compare.aggregates.ignore[0]: pointer pattern 'placedAt' must start with '/'",
                "window.until: must be an ISO-8601 instant such as 2026-11-29T06:00:00Z, was 'yesterday'");
        assertThat(run.err()).doesNotContain("hunter2");
    }

    @Test
    void aQueryWithoutTheNeededColumnsOrThatTheDatabaseRefusesExitsTwo() throws Exception {
        Path spec = Files.writeString(dir.resolve("columns.yaml"), """
                apiVersion: strangler/v1
                kind: DriftCheck
                name: columns
                legacy:
                  database: postgresql://nobody@127.0.0.1:1/overridden
                  aggregates: select id as order_id, '{}'::json as state from public.orders
                extracted:
                  database: postgresql://nobody@127.0.0.1:1/overridden
                  aggregates: select id, state from orders_service.no_such_table
                """);

        Cli.Run run = check(spec);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("legacy.aggregates: the query must return the columns [id, state]; "
                + "it returns [order_id, state] (missing [id])");
    }

    @Test
    void aDatabaseThatCantBeReachedExitsThree() throws Exception {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }

        Cli.Run run = Cli.run("drift", "check", "--spec", ORDERS_SPEC.toString(), "--legacy-database", stores.url(),
                "--extracted-database", "postgresql://acme@127.0.0.1:" + closed + "/acme");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(run.err()).contains("cannot reach the extracted database postgresql://acme@127.0.0.1:" + closed
                + "/acme").contains("the environment variable ACME_DB_PASSWORD holding its password is not set");
    }

    @Test
    void theProxysShadowSummaryIsShownBesideTheStores() throws Exception {
        String summary = "{\"route\":\"checkout\",\"since\":\"2026-11-29T06:00:00Z\",\"compared\":120,\"matched\":118,"
                + "\"mismatched\":2,\"skipped\":0,\"matchRate\":0.983,\"legacy\":{\"errors\":0,\"p99Ms\":80.5},"
                + "\"candidate\":{\"errors\":1,\"p99Ms\":40.1},\"topPaths\":[{\"path\":\"/total\",\"count\":2}]}";
        Path token = Files.writeString(dir.resolve("token"), "admin-token\n");
        try (Backend admin = new Backend(r -> "Bearer admin-token".equals(r.header("Authorization"))
                ? Backend.Answer.json(summary)
                : new Backend.Answer(401, java.util.Map.of("Content-Type", "application/problem+json"),
                        "{\"status\":401,\"detail\":\"a valid bearer token is required\"}".getBytes()))) {
            Cli.Run run = check(ORDERS_SPEC, "--proxy-admin", admin.url(), "--admin-token-file", token.toString(),
                    "--route", "checkout");

            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
            assertThat(admin.seen()).singleElement().satisfies(s -> assertThat(s.uri()).startsWith("/admin/shadow/checkout"));
            assertThat(result().path("shadow").get(0).path("summary").path("compared").asLong()).isEqualTo(120);
            assertThat(run.out()).contains("Shadow checkout (since 2026-11-29T06:00:00Z): 120 compared, 118 matched, "
                    + "2 mismatched, match rate 98.3 %");
            assertThat(Files.readString(dir.resolve("drift.html"))).contains("data-route=\"checkout\"")
                    .contains("<code>/total (2)</code>");

            Files.writeString(token, "wrong");
            Cli.Run refused = check(ORDERS_SPEC, "--proxy-admin", admin.url(), "--admin-token-file", token.toString(),
                    "--route", "checkout");
            assertThat(refused.exitCode()).isEqualTo(ExitCodes.REFUSED);
            assertThat(refused.err()).contains("refused the token (401)").contains("a valid bearer token is required");
        }
    }
}
