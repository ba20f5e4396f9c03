package dev.strangler.proxy.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.route.InvalidRouteTableException;
import dev.strangler.proxy.route.RouteTableCodec;
import dev.strangler.proxy.route.Target;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class FileRouteSourceIT {

  private static final Duration POLL = Duration.ofMillis(100);

  @Test
  void anEditedFileBecomesTheNextEpochAndABadEditKeepsTheLastGoodTable(Vertx vertx, @TempDir Path dir) throws Exception {
    Path file = dir.resolve("routes.yaml");
    Files.writeString(file, RouteTableCodec.toYaml(Tables.catalogAt("{extracted: catalog}")));
    LiveRouteTable live = Tables.startingEmpty();
    FileRouteSource source = new FileRouteSource(vertx, file, live, POLL);
    source.start().await();
    assertThat(live.current().epoch()).isEqualTo(1);

    Files.writeString(file, RouteTableCodec.toYaml(Tables.catalogAt("{extracted: nowhere}")));

    await().atMost(Duration.ofSeconds(2)).until(() -> live.lastRejection() != null);
    assertThat(live.lastRejection().problems()).containsExactly(
        "route catalog-read.target.extracted: unknown backend 'nowhere' (known: catalog, legacy)");
    assertThat(live.current().epoch()).isEqualTo(1);
    assertThat(live.current().definition().route("catalog-read").orElseThrow().target()).isEqualTo(new Target.Extracted("catalog"));

    Files.writeString(file, RouteTableCodec.toYaml(Tables.catalogAt("legacy")));

    await().atMost(Duration.ofSeconds(2)).until(() -> live.current().epoch() == 2);
    assertThat(live.lastRejection()).isNull();
    source.stop();
  }

  @Test
  void anInvalidFileAtStartUpIsRefusedWithEveryProblem(Vertx vertx, @TempDir Path dir) throws Exception {
    Path file = dir.resolve("routes.yaml");
    Files.writeString(file, "apiVersion: strangler/v1\nbackends: {}\nroutes: [{id: r, target: {extracted: x}}]\n");
    LiveRouteTable live = Tables.startingEmpty();

    assertThatThrownBy(() -> new FileRouteSource(vertx, file, live, POLL).start().await())
        .isInstanceOf(InvalidRouteTableException.class)
        .hasMessageContaining("backends.legacy: required")
        .hasMessageContaining("route r.target.extracted: unknown backend 'x'");
    assertThat(live.current().epoch()).isZero();
  }
}
