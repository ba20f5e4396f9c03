package dev.strangler.cli.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.strangler.compare.PointerPattern;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DriftSpecReaderTest {

    private static final String MINIMAL = """
            apiVersion: strangler/v1
            kind: DriftCheck
            name: orders
            legacy:
              database: postgresql://acme@db.internal:6543/acme?sslmode=require
              passwordEnv: ACME_DB_PASSWORD
              aggregates: "select id, state from v;  "
            extracted:
              database: jdbc:postgresql://db.internal/orders?user=orders&ssl=true
              aggregates: select id, state from w
            """;

    @Test
    void theShippedOrdersSpecsAreValid() throws Exception {
        for (String name : new String[] {"orders.yaml", "orders-sandbox.yaml"}) {
            DriftSpec spec = DriftSpecReader.read(Files.readString(
                    Path.of("../migration-playbooks/playbooks/drift/" + name)), DriftSpecReader.Overrides.NONE);

            assertThat(spec.aggregateRules().arraysByKey()).as(name).isNotEmpty();
            assertThat(spec.legacy().database().passwordEnv()).isEqualTo("ACME_DB_PASSWORD");
        }
    }

    @Test
    void aMinimalSpecComparesAggregatesOnlyWithTheDefaultRules() {
        DriftSpec spec = DriftSpecReader.read(MINIMAL, DriftSpecReader.Overrides.NONE);

        assertThat(spec.comparesEvents()).isFalse();
        assertThat(spec.window().bounded()).isFalse();
        assertThat(spec.legacy().aggregates()).isEqualTo("select id, state from v");
        assertThat(spec.legacy().database().jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/acme?sslmode=require");
        assertThat(spec.legacy().database().user()).isEqualTo("acme");
        assertThat(spec.extracted().database().jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/orders?ssl=true");
        assertThat(spec.extracted().database().user()).isEqualTo("orders");
        assertThat(spec.extracted().database().passwordEnv()).isNull();
        assertThat(spec.aggregateRules().ignore()).isEmpty();
    }

    @Test
    void theCommandLineReplacesTheDatabasesAndTheWindow() {
        DriftSpec spec = DriftSpecReader.read(MINIMAL, new DriftSpecReader.Overrides(
                "postgresql://me@127.0.0.1/t1", null, Instant.parse("2026-11-29T00:00:00Z"), null));

        assertThat(spec.legacy().database().shown()).isEqualTo("postgresql://me@127.0.0.1:5432/t1");
        assertThat(spec.extracted().database().user()).isEqualTo("orders");
        assertThat(spec.window().since()).isEqualTo(Instant.parse("2026-11-29T00:00:00Z"));
    }

    @Test
    void aPasswordInAnOverridingUrlIsRefusedAtItsOptionAndNeverRepeated() {
        InvalidDriftSpecException e = catchThrowableOfType(InvalidDriftSpecException.class, () -> DriftSpecReader.read(
                MINIMAL, new DriftSpecReader.Overrides(null, "jdbc:postgresql://db/x?password=hunter2", null, null)));

        assertThat(e.problems()).singleElement().asString().startsWith("--extracted-database: has a password in it");
        assertThat(e.getMessage()).doesNotContain("hunter2");
    }

    @Test
    void aWindowNeedsTheEventsQueriesToTakeIt() {
        String spec = MINIMAL.replace("  aggregates: \"select id, state from v;  \"",
                "  aggregates: select 1\n  events: select a from e where at >= :since")
                .replace("  aggregates: select id, state from w", "  aggregates: select 1\n  events: select a from e")
                + "window: {since: 2026-11-29T00:00:00Z, until: 2026-11-30T00:00:00Z}\n";

        InvalidDriftSpecException e = catchThrowableOfType(InvalidDriftSpecException.class,
                () -> DriftSpecReader.read(spec, DriftSpecReader.Overrides.NONE));

        assertThat(e.problems()).containsExactly(
                "legacy.events: the window has an until, but the query has no :until to take it",
                "extracted.events: the window has a since, but the query has no :since to take it",
                "extracted.events: the window has an until, but the query has no :until to take it");
    }

    @Test
    void castsAreNotTakenForWindowParameters() {
        assertThat(DriftSpecReader.PARAMETER.matcher("x::since").find()).isFalse();
        assertThat(DriftSpecReader.PARAMETER.matcher("at >= :since and at < :until").results().count()).isEqualTo(2);
    }

    @Test
    void notYamlIsOneProblemWithItsLine() {
        InvalidDriftSpecException e = catchThrowableOfType(InvalidDriftSpecException.class,
                () -> DriftSpecReader.read("apiVersion: [", DriftSpecReader.Overrides.NONE));

        assertThat(e.problems()).singleElement().asString().startsWith("line 1, column");
    }

    @Test
    void compareRulesAreStranglerComparesRules() {
        DriftSpec spec = DriftSpecReader.read(MINIMAL + "compare:\n  events:\n    ignore: [/payload/placedAt]\n",
                DriftSpecReader.Overrides.NONE);

        assertThat(spec.eventRules().ignore()).containsExactly(PointerPattern.parse("/payload/placedAt"));
    }
}
