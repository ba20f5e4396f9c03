package dev.strangler.proxy.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A route's idempotency keys as data: YAML/JSON with defaults, the writer and the one-line form, and every problem with its place. */
class IdempotencyPolicyCodecTest {

  private static final String TABLE = """
      apiVersion: strangler/v1
      backends: {legacy: {urls: ["http://h:1"]}}
      routes:
        - id: checkout
          match: {path: /api/checkout, methods: [POST]}
          target: legacy
          idempotency: {mode: require, header: X-Request-Key, ttl: 1h, maxBody: 64KiB}
        - id: orders
          match: {path: /api/orders, methods: [POST]}
          target: legacy
          idempotency: {mode: add}
        - id: none
          match: {path: /api/cart, methods: [POST]}
          target: legacy
      """;

  @Test
  void readsEachFieldAndDefaultsWhatIsLeftOut() {
    RouteTableDefinition table = RouteTableCodec.parse(TABLE);

    assertThat(table.route("checkout").orElseThrow().options().idempotency()).isEqualTo(
        new IdempotencyPolicy(IdempotencyPolicy.Mode.REQUIRE, "X-Request-Key", Duration.ofHours(1), 64 * 1024));
    assertThat(table.route("orders").orElseThrow().options().idempotency())
        .isEqualTo(IdempotencyPolicy.of(IdempotencyPolicy.Mode.ADD))
        .isEqualTo(new IdempotencyPolicy(IdempotencyPolicy.Mode.ADD, "Idempotency-Key", Duration.ofHours(24), 1024 * 1024));
    assertThat(table.route("none").orElseThrow().options().idempotency()).isNull();
    assertThat(RouteTableValidator.problems(table, RestrictedAddresses.NONE)).isEmpty();
  }

  @Test
  void theWriterAndTheOneLineFormKeepEveryField() {
    RouteTableDefinition table = RouteTableCodec.parse(TABLE);

    assertThat(RouteTableCodec.parse(RouteTableCodec.toYaml(table))).isEqualTo(table);
    assertThat(RouteTableCodec.parse(RouteTableCodec.toJson(table))).isEqualTo(table);
    RouteDefinition route = table.route("checkout").orElseThrow();
    String line = RouteLine.render(route);
    assertThat(line).isEqualTo("checkout: Path(\"/api/checkout\") && Method(\"POST\")"
        + " -> Idempotency(\"require\", \"X-Request-Key\", \"1h\", \"64KiB\") -> legacy");
    assertThat(RouteLine.parse(line)).isEqualTo(route);
    assertThat(RouteLine.parse(RouteLine.render(table.route("orders").orElseThrow())))
        .isEqualTo(table.route("orders").orElseThrow());
  }

  @Test
  void everyShapeProblemIsReportedWithItsPlace() {
    String yaml = """
        apiVersion: strangler/v1
        backends: {legacy: {urls: ["http://h:1"]}}
        routes:
          - id: a
            match: {path: /a, methods: [POST]}
            target: legacy
            idempotency: {mode: always, maxBody: lots, colour: red}
          - id: b
            match: {path: /b, methods: [POST]}
            target: legacy
            idempotency: {header: Idempotency-Key}
          - id: c
            match: {path: /c, methods: [POST]}
            target: legacy
            idempotency: require
        """;

    InvalidRouteTableException e = catchThrowableOfType(InvalidRouteTableException.class, () -> RouteTableCodec.parse(yaml));

    assertThat(e.problems()).containsExactlyInAnyOrder(
        "route a.idempotency.colour: unknown field (known: header, maxBody, mode, ttl)",
        "route a.idempotency.mode: must be require or add (got 'always')",
        "route a.idempotency.maxBody: not a size: 'lots' (use bytes, or 64KiB, 10MiB, 1GiB)",
        "route b.idempotency.mode: required (require or add)",
        "route c.idempotency: must be an object with mode (and header, ttl, maxBody)");
  }

  @Test
  void keysOnlyOnUnsafeRoutesWithARealHeaderAndWithinBounds() {
    RouteTableDefinition table = RouteTableCodec.parse("""
        apiVersion: strangler/v1
        backends: {legacy: {urls: ["http://h:1"]}}
        routes:
          - id: read
            match: {path: /api/products, methods: [GET]}
            target: legacy
            idempotency: {mode: require}
          - id: replace
            match: {path: /api/cart, methods: [PUT]}
            target: legacy
            idempotency: {mode: add}
          - id: bounds
            match: {path: /api/pay, methods: [POST]}
            target: legacy
            idempotency: {mode: require, header: "Bad Header", ttl: 720h, maxBody: 1GiB}
          - id: own
            match: {path: /api/own, methods: [POST]}
            target: legacy
            idempotency: {mode: require, header: X-Strangler-Key, ttl: 10ms}
          - id: down
            match: {path: /api/down, methods: [POST]}
            target: {direct: {status: 503}}
            idempotency: {mode: require}
          - id: declared
            match: {path: /api/search, methods: [GET, POST]}
            target: legacy
            sideEffect: safe
            idempotency: {mode: add}
        """);

    assertThat(RouteTableValidator.problems(table, RestrictedAddresses.NONE)).containsExactly(
        "route read.idempotency: only on an unsafe route (this one is safe; a retry of it needs no key)",
        "route replace.idempotency: only on an unsafe route (this one is idempotent; a retry of it needs no key)",
        "route bounds.idempotency.header: 'Bad Header' is not a header name",
        "route bounds.idempotency.ttl: must be from 1s to 168h (got 720h)",
        "route bounds.idempotency.maxBody: must be from 0 to 16MiB (got 1GiB)",
        "route own.idempotency.header: 'X-Strangler-Key' is in the proxy's own header namespace",
        "route own.idempotency.ttl: must be from 1s to 168h (got 10ms)",
        "route down.idempotency: the proxy answers a direct target itself; there is no write to run once",
        "route declared.idempotency: only on an unsafe route (this one is safe; a retry of it needs no key)");
  }
}
