package dev.strangler.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.strangler.proxy.route.RestrictedAddresses;
import dev.strangler.proxy.route.RouteTableCodec;
import dev.strangler.proxy.route.RouteTableDefinition;
import dev.strangler.proxy.route.RouteTableValidator;
import dev.strangler.proxy.route.ShadowPolicy;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** A flip changes one route's target; to and from shadow it carries or drops the route's shadow block. */
class RouteChangesTest {

  private static final RouteTableDefinition TABLE = RouteTableCodec.parse("""
      apiVersion: strangler/v1
      backends: {legacy: {urls: ["http://h:1"]}, orders: {urls: ["http://o:2"]}}
      routes:
        - id: checkout
          match: {path: /api/orders, methods: [POST]}
          target: {shadow: {primary: legacy, candidate: orders, percent: 100}}
          shadow: {sandbox: true, sandboxSession: [cart]}
        - id: history
          match: {path: /api/orders, methods: [GET]}
          target: legacy
      """);

  @Test
  void aRollbackFromShadowDropsTheShadowBlockSoTheTableStaysValid() {
    RouteTableDefinition flipped = RouteChanges.flip(TABLE, "checkout", new JsonObject().put("target", "legacy"));

    assertThat(flipped.route("checkout").orElseThrow().options().shadow()).isNull();
    assertThat(RouteTableValidator.problems(flipped, RestrictedAddresses.NONE)).isEmpty();
  }

  @Test
  void aFlipToShadowMayBringTheRouteItsShadowBlock() {
    RouteTableDefinition back = RouteChanges.flip(TABLE, "checkout", new JsonObject().put("target", "legacy"));

    RouteTableDefinition shadowed = RouteChanges.flip(back, "checkout", new JsonObject()
        .put("target", new JsonObject().put("shadow", new JsonObject().put("primary", "legacy").put("candidate", "orders")))
        .put("shadow", new JsonObject().put("sandbox", true).put("sandboxSession", new io.vertx.core.json.JsonArray().add("cart"))));

    ShadowPolicy shadow = shadowed.route("checkout").orElseThrow().options().shadow();
    assertThat(shadow.sandbox()).isTrue();
    assertThat(shadow.sandboxSession()).containsExactly("cart");
    assertThat(RouteTableValidator.problems(shadowed, RestrictedAddresses.NONE)).isEmpty();
  }

  @Test
  void aPercentOrAShadowTargetWithoutABlockKeepsTheRoutesOwn() {
    assertThat(RouteChanges.flip(TABLE, "checkout", new JsonObject().put("percent", 10)).route("checkout").orElseThrow()
        .options().shadow().sandbox()).isTrue();
    assertThat(RouteChanges.flip(TABLE, "checkout", new JsonObject().put("target", new JsonObject().put("shadow",
        new JsonObject().put("primary", "legacy").put("candidate", "orders").put("percent", 50)))).route("checkout")
        .orElseThrow().options().shadow().sandboxSession()).containsExactly("cart");
  }

  @Test
  void aShadowBlockWithoutAShadowTargetOrOfTheWrongShapeIsRefusedPrecisely() {
    AdminProblem notShadow = catchThrowableOfType(AdminProblem.class, () -> RouteChanges.flip(TABLE, "history",
        new JsonObject().put("target", "legacy").put("shadow", new JsonObject().put("sandbox", true))));
    assertThat(notShadow.getMessage()).startsWith("shadow: only with a shadow target");

    AdminProblem notObject = catchThrowableOfType(AdminProblem.class, () -> RouteChanges.flip(TABLE, "checkout",
        new JsonObject().put("target", new JsonObject().put("shadow", new JsonObject().put("candidate", "orders")))
            .put("shadow", "sandbox")));
    assertThat(notObject.getMessage()).startsWith("shadow: must be an object");

    AdminProblem invalid = catchThrowableOfType(AdminProblem.class, () -> RouteChanges.flip(TABLE, "checkout",
        new JsonObject().put("target", new JsonObject().put("shadow", new JsonObject().put("candidate", "orders")))
            .put("shadow", new JsonObject().put("maxBody", "lots"))));
    assertThat(invalid.getMessage()).contains("invalid");
  }
}
