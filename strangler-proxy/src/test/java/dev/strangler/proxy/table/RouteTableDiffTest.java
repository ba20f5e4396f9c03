package dev.strangler.proxy.table;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RouteTableDiffTest {

  @Test
  void aFlipShowsTheRouteBeforeAndAfterOnOneLine() {
    assertThat(RouteTableDiff.between(Tables.catalogAt("legacy"), Tables.catalogAt("{extracted: catalog}"))).containsExactly(
        "~ route catalog-read: Path(\"/api/products/**\") && Method(\"GET\") -> legacy => Path(\"/api/products/**\") && Method(\"GET\") -> extracted(\"catalog\")");
  }

  @Test
  void theFirstVersionListsEverythingAsAdded() {
    assertThat(RouteTableDiff.between(null, Tables.catalogAt("legacy"))).containsExactly(
        "+ backend catalog: http://127.0.0.1:18082",
        "+ backend legacy: http://127.0.0.1:18081",
        "+ route catalog-read: Path(\"/api/products/**\") && Method(\"GET\") -> legacy");
  }

  @Test
  void identicalTablesHaveNoDiff() {
    assertThat(RouteTableDiff.between(Tables.catalogAt("legacy"), Tables.catalogAt("legacy"))).isEmpty();
  }

  @Test
  void cacheInvalidationRulesComeAndGoOnALineEach() {
    var before = Tables.catalogAt("legacy");
    var rule = new dev.strangler.proxy.route.CacheInvalidation("product", null, "product:{aggregateId}");
    var typed = new dev.strangler.proxy.route.CacheInvalidation("product", "ProductCreated", "products:list");
    var after = new dev.strangler.proxy.route.RouteTableDefinition(before.apiVersion(), before.backends(), before.routes(),
        java.util.List.of(rule, typed));

    assertThat(RouteTableDiff.between(before, after)).containsExactly(
        "+ cacheInvalidation stream product -> tag product:{aggregateId}",
        "+ cacheInvalidation stream product type ProductCreated -> tag products:list");
    assertThat(RouteTableDiff.between(after, before)).containsExactly(
        "- cacheInvalidation stream product -> tag product:{aggregateId}",
        "- cacheInvalidation stream product type ProductCreated -> tag products:list");
  }
}
