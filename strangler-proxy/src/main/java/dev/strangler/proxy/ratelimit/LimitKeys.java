package dev.strangler.proxy.ratelimit;

import dev.strangler.proxy.forward.RouteStep;
import dev.strangler.proxy.route.RateLimitPolicy;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The Redis key a request is counted under: {@code <prefix>ratelimit:<route>:<kind>:<value>}. A header's value is
 * hashed (it is often a secret, an API key); a request without the header, or without a logged-in user for a
 * {@code user} key, counts under its client address, so keyless clients don't share one limit anyone can exhaust.
 */
final class LimitKeys {

  private final String prefix;

  LimitKeys(String prefix) {
    this.prefix = prefix + "ratelimit:";
  }

  Future<String> of(String route, RateLimitPolicy.Key key, HttpServerRequest incoming, RouteStep.Request request) {
    String base = prefix + route + ":";
    String byAddress = base + "ip:" + request.clientAddress();
    return switch (key.kind()) {
      case IP -> Future.succeededFuture(byAddress);
      case HEADER -> {
        String value = incoming.getHeader(key.header());
        yield Future.succeededFuture(value == null || value.isBlank() ? byAddress : base + "header:" + hash(value));
      }
      case USER -> request.session().userId()
          .otherwise((String) null) // the session store is down: counted by address, as an anonymous request
          .map(user -> user == null ? byAddress : base + "user:" + user);
    };
  }

  private static String hash(String value) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
