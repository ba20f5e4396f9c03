package dev.strangler.proxy.session;

import dev.strangler.proxy.edge.HeaderPolicy;
import io.vertx.core.MultiMap;

/**
 * The identity header family: {@value #IDENTITY} and every header whose name starts with it. Only the proxy sets
 * one, only towards extracted backends; a client's are removed on every route (the edge drops the whole
 * {@code X-Strangler-} namespace, and the session step removes this family again before adding its own).
 */
public final class IdentityHeaders {

  /** Carries the signed identity token ({@link IdentityTokens}) to an extracted backend. */
  public static final String IDENTITY = "X-Strangler-Identity";

  private IdentityHeaders() {}

  /** Removes every header of the family from {@code headers}. */
  public static void strip(MultiMap headers) {
    HeaderPolicy.stripPrefix(headers, IDENTITY);
  }
}
