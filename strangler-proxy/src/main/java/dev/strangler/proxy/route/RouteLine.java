package dev.strangler.proxy.route;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;


/**
 * The one-line text form of a route, for logs and the CLI:
 * {@code id: predicates -> filters -> target}, e.g.
 * {@code catalog-read: Path("/api/products/**") && Method("GET") -> Timeout("2s", "10s") -> canary("catalog-service", 10, "session:SESSION")},
 * {@code product: Path("/api/products/{sku}") && Method("GET") -> Cache("30s", "vary:Accept-Language", "tag:product:{sku}")
 * -> RateLimit("100/s", 20, "ip", "open") -> legacy},
 * {@code catalog: Path("/api/products/**") -> Shadow("1MiB", 32, "5s", "learnNoise") -> shadow("legacy", "catalog", 100)}.
 * {@link #parse} reads back exactly what {@link #render} writes.
 */
public final class RouteLine {

  private static final ObjectMapper JSON = new ObjectMapper();
  /**
   * {@code Cache(ttl, "vary:H", "tag:T", "userScoped", "keep:D", "staleIfError:D")}: what each argument after the TTL
   * starts with.
   */
  static final String CACHE_VARY = "vary:";
  static final String CACHE_TAG = "tag:";
  static final String CACHE_KEEP = "keep:";
  static final String CACHE_STALE_IF_ERROR = "staleIfError:";
  static final String CACHE_USER_SCOPED = "userScoped";
  /**
   * {@code Capture(percent, "maxBody:SIZE", "redact:POINTER")}: what each argument after the percent starts with;
   * {@code Shadow(…, "redact:POINTER")} too.
   */
  static final String CAPTURE_MAX_BODY = "maxBody:";
  static final String CAPTURE_REDACT = "redact:";
  /** {@code Capture(…, "sample:session")}: whole sessions are sampled; written only then. */
  static final String CAPTURE_SAMPLE = "sample:";
  /** {@code Shadow(…, "noNoise", "sandbox")}: the route's copies are sandboxed; right after the fourth argument. */
  static final String SHADOW_SANDBOX = "sandbox";
  /** {@code Shadow(…, "sandbox", "session:cart")}: an attribute of the session snapshot; after "sandbox", before redactions. */
  static final String SHADOW_SESSION = "session:";

  private RouteLine() {}

  public static String render(RouteDefinition route) {
    StringJoiner predicates = new StringJoiner(" && ");
    Match m = route.match();
    if (m.path() != null) {
      predicates.add("Path(" + q(m.path()) + ")");
    }
    if (!m.methods().isEmpty()) {
      predicates.add("Method(" + String.join(", ", m.methods().stream().map(RouteLine::q).toList()) + ")");
    }
    if (m.host() != null) {
      predicates.add("Host(" + q(m.host()) + ")");
    }
    m.headers().forEach((k, v) -> predicates.add("Header(" + q(k) + ", " + q(v) + ")"));
    m.cookies().forEach((k, v) -> predicates.add("Cookie(" + q(k) + ", " + q(v) + ")"));
    m.query().forEach((k, v) -> predicates.add("Query(" + q(k) + ", " + q(v) + ")"));
    StringBuilder out = new StringBuilder(route.id()).append(": ")
        .append(predicates.length() == 0 ? "*" : predicates.toString());
    for (String filter : filters(route)) {
      out.append(" -> ").append(filter);
    }
    return out.append(" -> ").append(target(route.target())).toString();
  }

  private static List<String> filters(RouteDefinition route) {
    List<String> out = new ArrayList<>();
    RouteOptions o = route.options();
    if (route.priority() != null) {
      out.add("Priority(" + route.priority() + ")");
    }
    if (o.connectTimeout() != null) {
      out.add("ConnectTimeout(" + q(Durations.render(o.connectTimeout())) + ")");
    }
    if (o.responseTimeout() != null) {
      out.add("ResponseTimeout(" + q(Durations.render(o.responseTimeout())) + ")");
    }
    if (o.sideEffect() != null) {
      out.add("SideEffect(" + q(o.sideEffect().name().toLowerCase(Locale.ROOT)) + ")");
    }
    if (o.fallbackToLegacy()) {
      out.add("FallbackToLegacy()");
    }
    if (o.holdAnswerBytes() != null) {
      out.add("HoldAnswer(" + q(Sizes.render(o.holdAnswerBytes())) + ")");
    }
    if (o.stripPrefix() != null) {
      out.add("StripPrefix(" + q(o.stripPrefix()) + ")");
    }
    if (o.addPrefix() != null) {
      out.add("AddPrefix(" + q(o.addPrefix()) + ")");
    }
    o.requestHeaders().set().forEach((k, v) -> out.add("SetRequestHeader(" + q(k) + ", " + q(v) + ")"));
    o.requestHeaders().remove().forEach(h -> out.add("RemoveRequestHeader(" + q(h) + ")"));
    o.responseHeaders().set().forEach((k, v) -> out.add("SetResponseHeader(" + q(k) + ", " + q(v) + ")"));
    o.responseHeaders().remove().forEach(h -> out.add("RemoveResponseHeader(" + q(h) + ")"));
    if (o.maxBodyBytes() != null) {
      out.add("MaxBody(" + q(Sizes.render(o.maxBodyBytes())) + ")");
    }
    if (o.requireSession()) {
      out.add("RequireSession()");
    }
    if (o.cache() != null) {
      List<String> args = new ArrayList<>(List.of(q(Durations.render(o.cache().ttl()))));
      o.cache().vary().forEach(h -> args.add(q(CACHE_VARY + h)));
      o.cache().tags().forEach(t -> args.add(q(CACHE_TAG + t)));
      if (o.cache().userScoped()) {
        args.add(q(CACHE_USER_SCOPED));
      }
      if (!o.cache().keep().isZero()) {
        args.add(q(CACHE_KEEP + Durations.render(o.cache().keep())));
      }
      if (!o.cache().staleIfError().isZero()) {
        args.add(q(CACHE_STALE_IF_ERROR + Durations.render(o.cache().staleIfError())));
      }
      out.add("Cache(" + String.join(", ", args) + ")");
    }
    if (o.rateLimit() != null) {
      RateLimitPolicy l = o.rateLimit();
      out.add("RateLimit(" + q(l.rate().render()) + ", " + l.burst() + ", " + q(l.key().render()) + ", "
          + q(l.onRedisDown().render()) + ")");
    }
    if (o.capture() != null) {
      String percent = o.capture().renderPercent();
      List<String> args = new ArrayList<>(List.of(percent.matches("\\d+") ? percent : q(percent),
          q(CAPTURE_MAX_BODY + Sizes.render(o.capture().maxBodyBytes()))));
      if (o.capture().sample() != CapturePolicy.Sampling.REQUEST) {
        args.add(q(CAPTURE_SAMPLE + o.capture().sample().render()));
      }
      o.capture().redact().forEach(p -> args.add(q(CAPTURE_REDACT + p.text())));
      out.add("Capture(" + String.join(", ", args) + ")");
    }
    if (o.shadow() != null) {
      ShadowPolicy sh = o.shadow();
      List<String> args = new ArrayList<>(List.of(q(Sizes.render(sh.maxBodyBytes())), String.valueOf(sh.maxInFlight()),
          q(Durations.render(sh.timeout())), q(sh.learnNoise() ? "learnNoise" : "noNoise")));
      if (sh.sandbox()) {
        args.add(q(SHADOW_SANDBOX));
      }
      sh.sandboxSession().forEach(name -> args.add(q(SHADOW_SESSION + name)));
      sh.redact().forEach(p -> args.add(q(CAPTURE_REDACT + p.text())));
      out.add("Shadow(" + String.join(", ", args) + ")");
    }
    if (o.idempotency() != null) {
      IdempotencyPolicy i = o.idempotency();
      out.add("Idempotency(" + q(i.mode().render()) + ", " + q(i.header()) + ", " + q(Durations.render(i.ttl())) + ", "
          + q(Sizes.render(i.maxBodyBytes())) + ")");
    }
    return out;
  }

  private static String target(Target target) {
    return switch (target) {
      case Target.Legacy l -> "legacy";
      case Target.Extracted e -> "extracted(" + q(e.backend()) + ")";
      case Target.Canary c -> "canary(" + q(c.backend()) + ", " + c.percent() + ", " + q(c.cohort().render()) + ")";
      case Target.Shadow s -> "shadow(" + q(s.primary()) + ", " + q(s.candidate()) + ", " + s.percent() + ")";
      case Target.Direct d -> "direct(" + d.status() + ", " + q(d.contentType()) + ", " + q(d.body()) + ")";
    };
  }

  /** Reads one line; throws IllegalArgumentException naming the column of the first problem. */
  public static RouteDefinition parse(String line) {
    return new RouteLineParser(line).route();
  }

  static String q(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String unquote(String quoted) {
    try {
      return JSON.readValue(quoted, String.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("bad string literal " + quoted);
    }
  }

}
