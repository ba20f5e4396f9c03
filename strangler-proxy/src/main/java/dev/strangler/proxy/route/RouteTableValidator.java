package dev.strangler.proxy.route;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Every rule a route table must keep; each broken one is reported with its place (route id, field). */
public final class RouteTableValidator {

  /** Header names the proxy owns: a route may neither set nor remove them. */
  public static final String PROXY_HEADER_PREFIX = "x-strangler-";
  private static final Set<String> PROXY_OWNED = Set.of("x-forwarded-for", "x-forwarded-proto", "x-forwarded-host",
      "x-forwarded-port", "forwarded", "x-request-id", "host", "content-length", "transfer-encoding", "connection");
  private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE");
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

  private final RestrictedAddresses restricted;
  private final SessionSupport sessions;
  private final List<String> problems = new ArrayList<>();

  private RouteTableValidator(RestrictedAddresses restricted, SessionSupport sessions) {
    this.restricted = restricted;
    this.sessions = sessions;
  }

  public static List<String> problems(RouteTableDefinition table, RestrictedAddresses restricted) {
    return problems(table, restricted, SessionSupport.UNCHECKED);
  }

  /** Every problem of {@code table} for a proxy with the given addresses and session support. */
  public static List<String> problems(RouteTableDefinition table, RestrictedAddresses restricted, SessionSupport sessions) {
    RouteTableValidator v = new RouteTableValidator(restricted, java.util.Objects.requireNonNull(sessions, "sessions == null"));
    v.table(table);
    return List.copyOf(v.problems);
  }

  /** Throws {@link InvalidRouteTableException} listing every problem, or returns the table unchanged. */
  public static RouteTableDefinition validate(RouteTableDefinition table, RestrictedAddresses restricted) {
    return validate(table, restricted, SessionSupport.UNCHECKED);
  }

  /** As {@link #validate(RouteTableDefinition, RestrictedAddresses)}, for a proxy with the given session support. */
  public static RouteTableDefinition validate(RouteTableDefinition table, RestrictedAddresses restricted, SessionSupport sessions) {
    List<String> problems = problems(table, restricted, sessions);
    if (!problems.isEmpty()) {
      throw new InvalidRouteTableException(problems);
    }
    return table;
  }

  private void table(RouteTableDefinition table) {
    if (!RouteTableDefinition.API_VERSION.equals(table.apiVersion())) {
      problems.add("apiVersion: must be " + RouteTableDefinition.API_VERSION + " (got " + table.apiVersion() + ")");
    }
    if (!table.backends().containsKey(Target.LEGACY_BACKEND)) {
      problems.add("backends.legacy: required (the monolith, where unmatched requests go)");
    }
    table.backends().forEach(this::backend);
    Set<String> ids = new HashSet<>();
    Map<String, String> seenMatches = new HashMap<>();
    PolicyRules policies = new PolicyRules(problems, sessions);
    for (RouteDefinition route : table.routes()) {
      String at = "route " + route.id();
      if (!ID.matcher(route.id()).matches()) {
        problems.add(at + ".id: letters, digits, '.', '_' and '-' only");
      }
      if (!ids.add(route.id())) {
        problems.add(at + ".id: duplicate route id");
      }
      match(route.match(), at + ".match");
      target(route.target(), table, at + ".target");
      options(route, at);
      sessions(route, at);
      policies.cache(route, at);
      policies.rateLimit(route, at);
      policies.capture(route, at);
      policies.shadow(route, at);
      policies.idempotency(route, at);
      String key = (route.priority() == null ? 0 : route.priority()) + "|" + route.match();
      String clash = seenMatches.putIfAbsent(key, route.id());
      if (clash != null && !clash.equals(route.id())) {
        problems.add(at + ".match: same match and priority as route " + clash + " (one of them can never apply; give one a priority)");
      }
    }
    policies.invalidation(table.cacheInvalidation());
  }

  private void backend(String name, BackendDefinition b) {
    String at = "backends." + name;
    if (!ID.matcher(name).matches()) {
      problems.add(at + ": backend names use letters, digits, '.', '_' and '-' only");
    }
    if (b.urls().isEmpty() == (b.service() == null)) {
      problems.add(at + ": needs exactly one of urls or service");
    }
    if (b.maxInFlight() != null && (b.maxInFlight() < 1 || b.maxInFlight() > BackendDefinition.MAX_IN_FLIGHT_LIMIT)) {
      problems.add(at + ".maxInFlight: must be between 1 and " + BackendDefinition.MAX_IN_FLIGHT_LIMIT + " (got "
          + b.maxInFlight() + ")");
    }
    for (URI url : b.urls()) {
      if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
        problems.add(at + ".urls: '" + url + "' must be http:// or https://");
      } else if (url.getHost() == null) {
        problems.add(at + ".urls: '" + url + "' has no host");
      } else if (url.getRawPath() != null && !url.getRawPath().isEmpty() && !url.getRawPath().equals("/")) {
        problems.add(at + ".urls: '" + url + "' must not have a path (use the route's addPrefix)");
      } else if (!b.allowRestrictedAddress()) {
        String reason = restricted.reason(url);
        if (reason != null) {
          problems.add(at + ".urls: '" + url + "' points at " + reason + " (set allowRestrictedAddress: true if you mean it)");
        }
      }
    }
  }

  private void match(Match m, String at) {
    if (m.path() != null) {
      try {
        PathPattern.compile(m.path());
      } catch (IllegalArgumentException e) {
        problems.add(at + ".path: " + e.getMessage());
      }
    }
    for (String method : m.methods()) {
      if (!METHODS.contains(method)) {
        problems.add(at + ".methods: unknown method '" + method + "'");
      }
    }
    m.headers().keySet().forEach(h -> headerName(h, at + ".headers"));
    m.query().keySet().forEach(q -> {
      if (q.isEmpty()) {
        problems.add(at + ".query: empty parameter name");
      }
    });
    if (m.host() != null && (m.host().isBlank() || m.host().contains(":") || m.host().contains("/"))) {
      problems.add(at + ".host: a bare host name without port (got '" + m.host() + "')");
    }
  }

  private void target(Target target, RouteTableDefinition table, String at) {
    switch (target) {
      case Target.Legacy l -> { }
      case Target.Extracted e -> backendRef(e.backend(), table, at + ".extracted");
      case Target.Canary c -> {
        backendRef(c.backend(), table, at + ".canary.backend");
        percent(c.percent(), 0, at + ".canary.percent");
      }
      case Target.Shadow s -> {
        backendRef(s.primary(), table, at + ".shadow.primary");
        backendRef(s.candidate(), table, at + ".shadow.candidate");
        percent(s.percent(), 1, at + ".shadow.percent");
        if (s.primary().equals(s.candidate())) {
          problems.add(at + ".shadow: primary and candidate are the same backend");
        }
      }
      case Target.Direct d -> {
        if (d.status() < 200 || d.status() > 599) {
          problems.add(at + ".direct.status: must be from 200 to 599 (got " + d.status() + ")");
        }
      }
    }
  }

  private void options(RouteDefinition route, String at) {
    RouteOptions o = route.options();
    positive(o.connectTimeout(), at + ".timeouts.connect");
    positive(o.responseTimeout(), at + ".timeouts.response");
    if (o.fallbackToLegacy()) {
      if (route.sideEffect() == SideEffect.UNSAFE) {
        problems.add(at + ".fallbackToLegacy: only for safe or idempotent routes (a retried unsafe request could apply twice)");
      }
      // Allowed on any target: flips change only the target, so a route keeps its safety net
      // from its legacy days to its extracted ones (it is a no-op while the monolith serves).
    }
    if (o.holdAnswerBytes() != null) {
      if (o.holdAnswerBytes() < 0) {
        problems.add(at + ".holdAnswer: must not be negative (0 never holds)");
      } else if (!o.fallbackToLegacy()) {
        problems.add(at + ".holdAnswer: only with fallbackToLegacy (an answer is held so the monolith can stand in for it)");
      }
    }
    prefix(o.stripPrefix(), at + ".rewrite.stripPrefix");
    prefix(o.addPrefix(), at + ".rewrite.addPrefix");
    if (o.stripPrefix() != null && route.match().path() != null) {
      try {
        String literal = PathPattern.compile(route.match().path()).literalPrefix();
        if (!(literal.equals(o.stripPrefix()) || literal.startsWith(o.stripPrefix() + "/"))) {
          problems.add(at + ".rewrite.stripPrefix: '" + o.stripPrefix() + "' is not a prefix of every path the route matches (" + route.match().path() + ")");
        }
      } catch (IllegalArgumentException ignored) {
        // reported under match.path
      }
    }
    headerChanges(o.requestHeaders(), at + ".requestHeaders");
    headerChanges(o.responseHeaders(), at + ".responseHeaders");
    if (o.maxBodyBytes() != null && o.maxBodyBytes() < 0) {
      problems.add(at + ".maxBody: must not be negative");
    }
  }

  private void sessions(RouteDefinition route, String at) {
    if (sessions != SessionSupport.OFF) {
      return;
    }
    if (route.options().requireSession()) {
      problems.add(at + ".requireSession: this proxy resolves no sessions (set STRANGLER_IDENTITY_KEY, at least 32 bytes)");
    }
    String extracted = switch (route.target()) {
      case Target.Extracted e -> e.backend();
      case Target.Canary c -> c.backend();
      case Target.Shadow s -> Target.LEGACY_BACKEND.equals(s.primary()) ? null : s.primary();
      case Target.Legacy l -> null;
      case Target.Direct d -> null;
    };
    if (extracted != null) {
      problems.add(at + ".target: extracted backend '" + extracted + "' is owed the user's verified identity, but this proxy "
          + "signs none (set STRANGLER_IDENTITY_KEY, at least 32 bytes, on every proxy)");
    }
  }

  private void headerChanges(RouteOptions.HeaderChanges changes, String at) {
    changes.set().keySet().forEach(h -> owned(h, at + ".set"));
    changes.remove().forEach(h -> owned(h, at + ".remove"));
  }

  private void owned(String header, String at) {
    if (headerName(header, at)) {
      String lower = header.toLowerCase(Locale.ROOT);
      if (PROXY_OWNED.contains(lower) || lower.startsWith(PROXY_HEADER_PREFIX)) {
        problems.add(at + ": '" + header + "' is set by the proxy itself and can't be changed by a route");
      }
    }
  }

  private boolean headerName(String header, String at) {
    if (!TOKEN.matcher(header).matches() || header.contains("_")) {
      problems.add(at + ": '" + header + "' is not a valid header name (letters, digits and '-'; no '_')");
      return false;
    }
    return true;
  }

  private void backendRef(String name, RouteTableDefinition table, String at) {
    if (!table.backends().containsKey(name)) {
      problems.add(at + ": unknown backend '" + name + "' (known: " + String.join(", ", table.backends().keySet()) + ")");
    }
  }

  private void percent(int value, int min, String at) {
    if (value < min || value > 100) {
      problems.add(at + ": must be from " + min + " to 100 (got " + value + ")");
    }
  }

  private void positive(java.time.Duration d, String at) {
    if (d != null && (d.isZero() || d.isNegative())) {
      problems.add(at + ": must be positive");
    }
  }

  private void prefix(String prefix, String at) {
    if (prefix != null && (!prefix.startsWith("/") || prefix.endsWith("/") || prefix.contains("//"))) {
      problems.add(at + ": must start with '/' and not end with '/' (got '" + prefix + "')");
    }
  }
}
