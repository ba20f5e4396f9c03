package dev.strangler.proxy.table;

import dev.strangler.proxy.route.RestrictedAddresses;
import dev.strangler.proxy.route.RouteTable;
import dev.strangler.proxy.route.RouteTableCodec;
import dev.strangler.proxy.route.RouteTableDefinition;

/** Route tables written as text for the table tests. */
final class Tables {

  private Tables() {}

  /** The catalog read route at the given target, in YAML flow form (e.g. {@code legacy}, {@code "{extracted: catalog}"}). */
  static RouteTableDefinition catalogAt(String target) {
    return catalogAt(target, "http://127.0.0.1:18082");
  }

  static RouteTableDefinition catalogAt(String target, String catalogUrl) {
    return RouteTableCodec.parse("""
        apiVersion: strangler/v1
        backends:
          legacy: {urls: ["http://127.0.0.1:18081"]}
          catalog: {urls: ["%s"]}
        routes:
          - id: catalog-read
            match: {path: /api/products/**, methods: [GET]}
            target: %s
        """.formatted(catalogUrl, target));
  }

  static LiveRouteTable startingEmpty() {
    return new LiveRouteTable(RouteTable.compile(0, catalogAt("legacy"), RestrictedAddresses.NONE), RestrictedAddresses.NONE);
  }
}
