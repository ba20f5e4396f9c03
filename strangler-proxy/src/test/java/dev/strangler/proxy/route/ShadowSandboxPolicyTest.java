package dev.strangler.proxy.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.strangler.compare.PointerPattern;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A shadow route's {@code sandbox} as data: YAML/JSON with its default, the writer and the one-line form, and the
 * validator's rules (only where a copy writes, never to the monolith, never with learned noise).
 */
class ShadowSandboxPolicyTest {

  private static final String TABLE = """
      apiVersion: strangler/v1
      backends: {legacy: {urls: ["http://h:1"]}, orders: {urls: ["http://o:2"]}, carts: {service: carts-service}}
      routes:
        - id: checkout
          match: {path: /api/orders, methods: [POST]}
          target: {shadow: {primary: legacy, candidate: orders}}
          shadow: {sandbox: true, redact: [/card]}
        - id: cart-put
          match: {path: "/api/cart/{sku}", methods: [PUT]}
          target: {shadow: {primary: legacy, candidate: carts, percent: 50}}
          shadow: {sandbox: true, learnNoise: false, maxInFlight: 4}
        - id: cancel
          match: {path: "/api/orders/{id}/cancel", methods: [POST]}
          target: {shadow: {primary: legacy, candidate: orders}}
          shadow: {maxInFlight: 8}
      """;

  private static RouteDefinition route(String id) {
    return RouteTableCodec.parse(TABLE).route(id).orElseThrow();
  }

  private static List<String> problems(String routes) {
    return RouteTableValidator.problems(RouteTableCodec.parse("""
        apiVersion: strangler/v1
        backends: {legacy: {urls: ["http://h:1"]}, orders: {urls: ["http://o:2"]}}
        routes:
        """ + routes.indent(2)), RestrictedAddresses.NONE);
  }

  @Test
  void sandboxIsReadItsDefaultIsOffAndASandboxedBlockLearnsNoNoiseUnlessTold() {
    assertThat(ShadowPolicy.DEFAULTS.sandbox()).isFalse();
    assertThat(route("cancel").options().shadow().sandbox()).isFalse();
    assertThat(route("checkout").options().shadow()).isEqualTo(new ShadowPolicy(ShadowPolicy.DEFAULT_MAX_BODY_BYTES,
        ShadowPolicy.DEFAULT_MAX_IN_FLIGHT, ShadowPolicy.DEFAULT_TIMEOUT, false, List.of(PointerPattern.parse("/card")), true));
    assertThat(route("cart-put").options().shadow().sandbox()).isTrue();
    assertThat(RouteTableValidator.problems(RouteTableCodec.parse(TABLE), RestrictedAddresses.NONE))
        .as("unsafe and idempotent routes may be sandboxed, to a fixed or a discovered candidate").isEmpty();
  }

  @Test
  void theWriterAndTheOneLineFormKeepSandbox() {
    RouteTableDefinition table = RouteTableCodec.parse(TABLE);

    assertThat(RouteTableCodec.parse(RouteTableCodec.toYaml(table))).isEqualTo(table);
    assertThat(RouteTableCodec.parse(RouteTableCodec.toJson(table))).isEqualTo(table);
    assertThat(RouteTableCodec.toYaml(table)).contains("sandbox: true");
    String line = RouteLine.render(route("checkout"));
    assertThat(line).isEqualTo("checkout: Path(\"/api/orders\") && Method(\"POST\") -> Shadow(\"1MiB\", 32, \"5s\","
        + " \"noNoise\", \"sandbox\", \"redact:/card\") -> shadow(\"legacy\", \"orders\", 100)");
    assertThat(RouteLine.parse(line)).isEqualTo(route("checkout"));
    assertThat(RouteLine.parse(RouteLine.render(route("cart-put")))).isEqualTo(route("cart-put"));
    assertThat(RouteLine.render(route("cancel"))).doesNotContain("sandbox");
  }

  @Test
  void theOneLineFormWantsSandboxRightAfterTheNoiseArgument() {
    IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class, () -> RouteLine.parse(
        "checkout: Path(\"/api/orders\") -> Shadow(\"1MiB\", 32, \"5s\", \"noNoise\", \"redact:/card\", \"sandbox\")"
            + " -> shadow(\"legacy\", \"orders\", 100)"));

    assertThat(e).hasMessageContaining("Shadow argument 'sandbox' is not \"redact:POINTER\" (\"sandbox\" comes right after"
        + " the fourth argument)");
  }

  @Test
  void sandboxMustBeABoolean() {
    InvalidRouteTableException e = catchThrowableOfType(InvalidRouteTableException.class, () -> RouteTableCodec.parse("""
        apiVersion: strangler/v1
        backends: {legacy: {urls: ["http://h:1"]}, orders: {urls: ["http://o:2"]}}
        routes:
          - id: checkout
            match: {path: /api/orders, methods: [POST]}
            target: {shadow: {candidate: orders}}
            shadow: {sandbox: "yes"}
        """));

    assertThat(e.problems()).containsExactly("route checkout.shadow.sandbox: must be true or false");
  }

  @Test
  void aSafeRouteCannotBeSandboxedItsReadsWouldComeFromTheSandbox() {
    assertThat(problems("""
        - id: products
          match: {path: /api/products, methods: [GET]}
          target: {shadow: {candidate: orders}}
          shadow: {sandbox: true}
        """)).containsExactly("route products.shadow.sandbox: only for routes that write (this one is safe): a sandboxed"
        + " candidate answers from its sandbox, not from live data, so its reads can't be compared; leave sandbox out");
  }

  @Test
  void theMonolithAsCandidateCannotBeSandboxedItHasNoSandbox() {
    assertThat(problems("""
        - id: checkout
          match: {path: /api/orders, methods: [POST]}
          target: {shadow: {primary: orders, candidate: legacy}}
          shadow: {sandbox: true}
        """)).containsExactly("route checkout.shadow.sandbox: the candidate is legacy, which has no sandbox: each copy"
        + " would be a second real write to the monolith; shadow to an extracted candidate");
  }

  @Test
  void aSandboxedRouteCannotLearnNoiseTheMonolithWouldSeeTheWriteTwice() {
    assertThat(problems("""
        - id: checkout
          match: {path: /api/orders, methods: [POST]}
          target: {shadow: {candidate: orders}}
          shadow: {sandbox: true, learnNoise: true}
        """)).containsExactly("route checkout.shadow.learnNoise: a sandboxed route never sends the monolith a second copy"
        + " (it must never see a write twice); leave learnNoise out or set it false");
  }

  @Test
  void onlyASandboxedUnsafeRouteIsCopiedAndNeverToTheMonolith() {
    ShadowPolicy live = ShadowPolicy.DEFAULTS;
    ShadowPolicy sandboxed = new ShadowPolicy(1024, 1, Duration.ofSeconds(1), false, List.of(), true);

    assertThat(live.copies(SideEffect.SAFE, "orders")).isTrue();
    assertThat(live.copies(SideEffect.IDEMPOTENT, "orders")).isTrue();
    assertThat(live.copies(SideEffect.UNSAFE, "orders")).isFalse();
    assertThat(sandboxed.copies(SideEffect.UNSAFE, "orders")).isTrue();
    assertThat(sandboxed.copies(SideEffect.UNSAFE, Target.LEGACY_BACKEND)).isFalse();
  }
}
