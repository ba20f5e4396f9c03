package dev.strangler.proxy.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A shadow route's {@code sandboxSession} as data: YAML/JSON with its default, the writer and the one-line form, and the
 * validator's rules (only with sandbox, valid attribute names, each once, a few).
 */
class ShadowSandboxSessionPolicyTest {

  private static final String TABLE = """
      apiVersion: strangler/v1
      backends: {legacy: {urls: ["http://h:1"]}, orders: {urls: ["http://o:2"]}}
      routes:
        - id: checkout
          match: {path: /api/orders, methods: [POST]}
          target: {shadow: {primary: legacy, candidate: orders}}
          shadow: {sandbox: true, sandboxSession: [cart, checkoutStep], redact: [/card]}
        - id: cancel
          match: {path: "/api/orders/{id}/cancel", methods: [POST]}
          target: {shadow: {primary: legacy, candidate: orders}}
          shadow: {sandbox: true}
      """;

  private static RouteDefinition route(String id) {
    return RouteTableCodec.parse(TABLE).route(id).orElseThrow();
  }

  private static List<String> problems(String shadow) {
    return RouteTableValidator.problems(RouteTableCodec.parse("""
        apiVersion: strangler/v1
        backends: {legacy: {urls: ["http://h:1"]}, orders: {urls: ["http://o:2"]}}
        routes:
          - id: checkout
            match: {path: /api/orders, methods: [POST]}
            target: {shadow: {candidate: orders}}
            shadow: %s
        """.formatted(shadow)), RestrictedAddresses.NONE);
  }

  @Test
  void sandboxSessionIsReadInOrderAndItsDefaultIsNone() {
    assertThat(ShadowPolicy.DEFAULTS.sandboxSession()).isEmpty();
    assertThat(route("cancel").options().shadow().sandboxSession()).isEmpty();
    assertThat(route("cancel").options().shadow().snapshotsSession()).isFalse();
    assertThat(route("checkout").options().shadow().sandboxSession()).containsExactly("cart", "checkoutStep");
    assertThat(route("checkout").options().shadow().snapshotsSession()).isTrue();
    assertThat(RouteTableValidator.problems(RouteTableCodec.parse(TABLE), RestrictedAddresses.NONE)).isEmpty();
  }

  @Test
  void yamlJsonAndTheOneLineFormKeepSandboxSession() {
    RouteTableDefinition table = RouteTableCodec.parse(TABLE);

    assertThat(RouteTableCodec.parse(RouteTableCodec.toYaml(table))).isEqualTo(table);
    assertThat(RouteTableCodec.parse(RouteTableCodec.toJson(table))).isEqualTo(table);
    assertThat(RouteTableCodec.toYaml(table)).contains("sandboxSession:\n", "- cart\n", "- checkoutStep\n");
    String line = RouteLine.render(route("checkout"));
    assertThat(line).isEqualTo("checkout: Path(\"/api/orders\") && Method(\"POST\") -> Shadow(\"1MiB\", 32, \"5s\","
        + " \"noNoise\", \"sandbox\", \"session:cart\", \"session:checkoutStep\", \"redact:/card\")"
        + " -> shadow(\"legacy\", \"orders\", 100)");
    assertThat(RouteLine.parse(line)).isEqualTo(route("checkout"));
    assertThat(RouteLine.render(route("cancel"))).doesNotContain("session:");
  }

  @Test
  void theOneLineFormWantsSessionAttributesBeforeRedactions() {
    IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class, () -> RouteLine.parse(
        "checkout: Path(\"/api/orders\") -> Shadow(\"1MiB\", 32, \"5s\", \"noNoise\", \"sandbox\", \"redact:/card\","
            + " \"session:cart\") -> shadow(\"legacy\", \"orders\", 100)"));

    assertThat(e).hasMessageContaining("Shadow argument 'session:cart' is not \"redact:POINTER\" (\"session:ATTRIBUTE\""
        + " comes before any redaction)");
  }

  @Test
  void sandboxSessionNeedsSandbox() {
    assertThat(problems("{sandboxSession: [cart]}")).containsExactly("route checkout.shadow.sandboxSession: only with"
        + " sandbox: true (a copy that is not sandboxed reads the live session itself); add sandbox: true or leave"
        + " sandboxSession out");
  }

  @Test
  void anAttributeNameIsAPlainNameNamedOnce() {
    assertThat(problems("{sandbox: true, sandboxSession: [cart, \"sessionAttr:cart\", \"\", cart]}")).containsExactly(
        "route checkout.shadow.sandboxSession[1]: 'sessionAttr:cart' is not a session attribute name (letters, digits,"
            + " '_', '.', '-'; 1 to 64 characters, without the sessionAttr: prefix)",
        "route checkout.shadow.sandboxSession[2]: '' is not a session attribute name (letters, digits, '_', '.', '-';"
            + " 1 to 64 characters, without the sessionAttr: prefix)",
        "route checkout.shadow.sandboxSession[3]: 'cart' is named twice");
  }

  @Test
  void aSnapshotNamesAFewAttributesAtMost() {
    assertThat(problems("{sandbox: true, sandboxSession: [a, b, c, d, e, f, g, h, i]}"))
        .containsExactly("route checkout.shadow.sandboxSession: at most 8 attributes (got 9)");
  }

  @Test
  void sandboxSessionMustBeAList() {
    InvalidRouteTableException e = catchThrowableOfType(InvalidRouteTableException.class, () -> RouteTableCodec.parse("""
        apiVersion: strangler/v1
        backends: {legacy: {urls: ["http://h:1"]}, orders: {urls: ["http://o:2"]}}
        routes:
          - id: checkout
            match: {path: /api/orders, methods: [POST]}
            target: {shadow: {candidate: orders}}
            shadow: {sandbox: true, sandboxSession: cart}
        """));

    assertThat(e.problems()).containsExactly("route checkout.shadow.sandboxSession: must be a list");
  }
}
