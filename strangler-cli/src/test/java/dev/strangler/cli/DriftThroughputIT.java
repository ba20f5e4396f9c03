package dev.strangler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strangler.testsupport.PostgresDatabase;
import dev.strangler.testsupport.PostgresExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many orders on both sides, streamed and merged: the one drifted order among them is found. 20 000 orders per side
 * by default; {@code -Ddrift.orders=100000} for the README's figure (rows/s is printed on stderr).
 */
@ExtendWith(PostgresExtension.class)
class DriftThroughputIT {

    private static final int ORDERS = Integer.getInteger("drift.orders", 20_000);

    @TempDir
    Path dir;

    @Test
    void oneDriftedOrderAmongManyIsFoundWhileBothSidesStream(PostgresDatabase db) throws Exception {
        OrderStores stores = new OrderStores(db);
        stores.create();
        for (String schema : new String[] {OrderStores.LEGACY, OrderStores.SERVICE}) {
            stores.execute("insert into " + schema + ".orders select g, 7, 'PLACED', 29.00,"
                            + " timestamptz '2026-11-29 06:00:00Z' from generate_series(1, " + ORDERS + ") g",
                    "insert into " + schema + ".order_lines select g, l, 'ACME-0000' || l, 'Product ' || l, 12.50 + l, 1"
                            + " from generate_series(1, " + ORDERS + ") g, generate_series(1, 2) l",
                    "analyze " + schema + ".orders", "analyze " + schema + ".order_lines");
        }
        long changed = ORDERS / 2;
        stores.execute("update orders_service.order_lines set unit_price = 99.99 where order_id = " + changed
                + " and line_no = 2",
                "delete from orders_service.order_lines where order_id = " + ORDERS,
                "delete from orders_service.orders where id = " + ORDERS);
        Path json = dir.resolve("drift.json");

        Cli.Run run = Cli.run("drift", "check", "--spec", DriftCheckIT.ORDERS_SPEC.toString(), "--legacy-database",
                stores.url(), "--extracted-database", stores.url(), "--json", json.toString(), "--max-listed", "5");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.MISMATCH);
        JsonNode result = new ObjectMapper().readTree(json.toFile());
        JsonNode aggregates = result.path("aggregates");
        assertThat(aggregates.path("equal").asLong()).isEqualTo(ORDERS - 2);
        assertThat(aggregates.path("differences").get(0).path("id").asText()).isEqualTo(String.valueOf(changed));
        assertThat(aggregates.path("onlyInLegacyIds").toString()).isEqualTo("[\"" + ORDERS + "\"]");
        assertThat(result.path("throughput").path("rows").asLong()).isEqualTo(2L * ORDERS - 1);
        System.err.println("DriftThroughputIT: " + ORDERS + " orders per side: " + run.err().strip());
    }
}
