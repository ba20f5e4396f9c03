package dev.strangler.proxy.route;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of routes' caches, rate limits and captures and of the table's cache invalidation, for
 * {@link RouteTableValidator}.
 */
final class PolicyRules {

  /** Longer than this, a cached answer is a copy of the data rather than a cache of it. */
  static final Duration MAX_TTL = Duration.ofDays(1);
  /** The limiter counts in microseconds: a faster rate has no interval between two requests. */
  static final long MAX_RATE_PER_SECOND = 1_000_000;
  static final int MAX_BURST = 1_000_000;
  /** Headers whose client values the proxy replaces or removes: a key on them would count what the proxy wrote. */
  private static final Set<String> ADDRESS_HEADERS = Set.of("forwarded", "x-forwarded-for", "x-real-ip", "x-client-ip");
  private static final Pattern STREAM = Pattern.compile("[a-z0-9][a-z0-9_.-]*");
  private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9_.-]+");
  private static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^`|~0-9A-Za-z-]+");

  private final List<String> problems;
  private final SessionSupport sessions;

  PolicyRules(List<String> problems, SessionSupport sessions) {
    this.problems = problems;
    this.sessions = sessions;
  }

  /**
   * A {@code shadow} block only on a shadow target, within bounds. An unsafe shadow route is valid: without
   * {@code sandbox} its copies are not sent (counted as UNSAFE drops), so a table can name the route before its
   * candidate has a sandbox. {@code sandbox} only where a copy writes, to a candidate that has a sandbox (not the
   * monolith), and without learned noise (the monolith must never see a write twice).
   */
  void shadow(RouteDefinition route, String at) {
    ShadowPolicy s = route.options().shadow();
    if (s == null) {
      return;
    }
    at += ".shadow";
    if (!(route.target() instanceof Target.Shadow)) {
      problems.add(at + ": only for a shadow target (this route's target is not shadow)");
    }
    if (s.maxBodyBytes() < 0 || s.maxBodyBytes() > ShadowPolicy.MAX_BODY_BYTES) {
      problems.add(at + ".maxBody: must be from 0 to " + Sizes.render(ShadowPolicy.MAX_BODY_BYTES) + " (got "
          + s.maxBodyBytes() + ")");
    }
    if (s.maxInFlight() < 1 || s.maxInFlight() > ShadowPolicy.MAX_IN_FLIGHT) {
      problems.add(at + ".maxInFlight: must be from 1 to " + ShadowPolicy.MAX_IN_FLIGHT + " (got " + s.maxInFlight() + ")");
    }
    if (s.timeout().toMillis() < 1 || s.timeout().compareTo(ShadowPolicy.MAX_TIMEOUT) > 0) {
      problems.add(at + ".timeout: must be from 1ms to " + Durations.render(ShadowPolicy.MAX_TIMEOUT) + " (got "
          + s.timeout() + ")");
    }
    if (s.sandbox()) {
      sandbox(route, s, at);
    }
    sandboxSession(s, at);
  }

  /**
   * Session attribute names, as the monolith names them (the field is {@code sessionAttr:<name>}): a few, each once,
   * and only for sandboxed copies (a live copy reads the live session itself).
   */
  private void sandboxSession(ShadowPolicy s, String at) {
    List<String> names = s.sandboxSession();
    if (names.isEmpty()) {
      return;
    }
    at += ".sandboxSession";
    if (!s.sandbox()) {
      problems.add(at + ": only with sandbox: true (a copy that is not sandboxed reads the live session itself);"
          + " add sandbox: true or leave sandboxSession out");
    }
    if (names.size() > ShadowPolicy.MAX_SANDBOX_SESSION_ATTRIBUTES) {
      problems.add(at + ": at most " + ShadowPolicy.MAX_SANDBOX_SESSION_ATTRIBUTES + " attributes (got " + names.size() + ")");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (!ATTRIBUTE.matcher(name).matches()) {
        problems.add(at + "[" + i + "]: '" + name + "' is not a session attribute name (letters, digits, '_', '.', '-';"
            + " 1 to 64 characters, without the sessionAttr: prefix)");
      } else if (!seen.add(name)) {
        problems.add(at + "[" + i + "]: '" + name + "' is named twice");
      }
    }
  }

  private void sandbox(RouteDefinition route, ShadowPolicy s, String at) {
    if (route.sideEffect() == SideEffect.SAFE) {
      problems.add(at + ".sandbox: only for routes that write (this one is safe): a sandboxed candidate answers from"
          + " its sandbox, not from live data, so its reads can't be compared; leave sandbox out");
    }
    if (route.target() instanceof Target.Shadow t && Target.LEGACY_BACKEND.equals(t.candidate())) {
      problems.add(at + ".sandbox: the candidate is legacy, which has no sandbox: each copy would be a second real"
          + " write to the monolith; shadow to an extracted candidate");
    }
    if (s.learnNoise()) {
      problems.add(at + ".learnNoise: a sandboxed route never sends the monolith a second copy (it must never see a"
          + " write twice); leave learnNoise out or set it false");
    }
  }

  void cache(RouteDefinition route, String at) {
    CachePolicy c = route.options().cache();
    if (c == null) {
      return;
    }
    at += ".cache";
    if (route.target() instanceof Target.Direct) {
      problems.add(at + ": the proxy answers a direct target itself; there is nothing to cache");
    }
    if (route.sideEffect() != SideEffect.SAFE) {
      problems.add(at + ": only for safe routes (this one is " + route.sideEffect().name().toLowerCase(Locale.ROOT)
          + "): match methods: [GET, HEAD], or say sideEffect: safe");
    }
    if (c.ttl().isNegative() || c.ttl().isZero() || c.ttl().compareTo(MAX_TTL) > 0 || c.ttl().toNanos() % 1_000_000 != 0) {
      problems.add(at + ".ttl: must be whole milliseconds from 1ms to " + Durations.render(MAX_TTL) + " (got "
          + c.ttl() + ")");
    }
    window(c.keep(), at + ".keep");
    window(c.staleIfError(), at + ".staleIfError");
    Set<String> seen = new HashSet<>();
    for (String header : c.vary()) {
      if (!TOKEN.matcher(header).matches()) {
        problems.add(at + ".vary: '" + header + "' is not a header name");
      } else if (!seen.add(header.toLowerCase(Locale.ROOT))) {
        problems.add(at + ".vary: '" + header + "' appears twice");
      } else if (header.equalsIgnoreCase("Authorization")) {
        problems.add(at + ".vary: requests with Authorization are never cached (the proxy can't verify it); "
            + "userScoped caches per logged-in user");
      }
    }
    if (c.userScoped() && sessions == SessionSupport.OFF) {
      problems.add(at + ".userScoped: this proxy resolves no sessions, so it knows no user (set STRANGLER_IDENTITY_KEY)");
    }
    if (route.options().requireSession() && !c.userScoped()) {
      problems.add(at + ": every request of a route requiring a session carries one, so only a userScoped cache applies");
    }
    tags(route, c.tags(), at + ".tags");
  }

  /** How long a cache keeps answers past their TTL: whole milliseconds, up to a day. */
  private void window(Duration window, String at) {
    if (window.isNegative() || window.compareTo(MAX_TTL) > 0 || window.toNanos() % 1_000_000 != 0) {
      problems.add(at + ": must be whole milliseconds from 0 to " + Durations.render(MAX_TTL) + " (got " + window + ")");
    }
  }

  private void tags(RouteDefinition route, List<String> tags, String at) {
    Set<String> params = pathParams(route.match().path());
    for (String tag : tags) {
      try {
        for (String name : TagTemplate.placeholders(tag)) {
          if (!params.contains(name)) {
            problems.add(at + ": '" + tag + "' names {" + name + "}, which the route's path ("
                + route.match().path() + ") does not capture");
          }
        }
      } catch (IllegalArgumentException e) {
        problems.add(at + ": " + e.getMessage());
      }
    }
  }

  /** Idempotency keys only on unsafe routes (a retried read or PUT needs none), with a real header and bounds. */
  void idempotency(RouteDefinition route, String at) {
    IdempotencyPolicy i = route.options().idempotency();
    if (i == null) {
      return;
    }
    at += ".idempotency";
    if (route.sideEffect() != SideEffect.UNSAFE) {
      problems.add(at + ": only on an unsafe route (this one is " + route.sideEffect().name().toLowerCase(Locale.ROOT)
          + "; a retry of it needs no key)");
    }
    if (route.target() instanceof Target.Direct) {
      problems.add(at + ": the proxy answers a direct target itself; there is no write to run once");
    }
    String lower = i.header().toLowerCase(Locale.ROOT);
    if (!TOKEN.matcher(i.header()).matches()) {
      problems.add(at + ".header: '" + i.header() + "' is not a header name");
    } else if (lower.startsWith(RouteTableValidator.PROXY_HEADER_PREFIX)) {
      problems.add(at + ".header: '" + i.header() + "' is in the proxy's own header namespace");
    }
    if (i.ttl().compareTo(Duration.ofSeconds(1)) < 0 || i.ttl().compareTo(IdempotencyPolicy.MAX_TTL) > 0) {
      problems.add(at + ".ttl: must be from 1s to " + Durations.render(IdempotencyPolicy.MAX_TTL) + " (got "
          + Durations.render(i.ttl()) + ")");
    }
    if (i.maxBodyBytes() < 0 || i.maxBodyBytes() > IdempotencyPolicy.MAX_BODY_BYTES) {
      problems.add(at + ".maxBody: must be from 0 to " + Sizes.render(IdempotencyPolicy.MAX_BODY_BYTES) + " (got "
          + Sizes.render(i.maxBodyBytes()) + ")");
    }
  }

  void rateLimit(RouteDefinition route, String at) {
    RateLimitPolicy l = route.options().rateLimit();
    if (l == null) {
      return;
    }
    at += ".rateLimit";
    if (route.target() instanceof Target.Direct) {
      problems.add(at + ": the proxy answers a direct target itself, before any limit");
    }
    RateLimitPolicy.Rate rate = l.rate();
    if (rate.count() < 1 || rate.per().isZero() || rate.per().isNegative() || rate.per().compareTo(MAX_TTL) > 0) {
      problems.add(at + ".rate: at least 1 request per period, and a period from 1ms to 24h (got " + rate.render() + ")");
    } else if (rate.intervalMicros() < 1_000_000 / MAX_RATE_PER_SECOND) {
      problems.add(at + ".rate: at most " + MAX_RATE_PER_SECOND + " requests per second (got " + rate.render() + ")");
    }
    if (l.burst() < 1 || l.burst() > MAX_BURST) {
      problems.add(at + ".burst: must be from 1 to " + MAX_BURST + " (got " + l.burst() + ")");
    }
    switch (l.key().kind()) {
      case HEADER -> {
        String lower = l.key().header().toLowerCase(Locale.ROOT);
        if (!TOKEN.matcher(l.key().header()).matches()) {
          problems.add(at + ".key: '" + l.key().header() + "' is not a header name");
        } else if (ADDRESS_HEADERS.contains(lower) || lower.startsWith(RouteTableValidator.PROXY_HEADER_PREFIX)) {
          problems.add(at + ".key: the proxy sets '" + l.key().header() + "' itself; use key: ip for the client address");
        }
      }
      case USER -> {
        if (sessions == SessionSupport.OFF) {
          problems.add(at + ".key: this proxy resolves no sessions, so it knows no user (set STRANGLER_IDENTITY_KEY)");
        }
      }
      case IP -> { }
    }
  }

  void capture(RouteDefinition route, String at) {
    CapturePolicy c = route.options().capture();
    if (c == null) {
      return;
    }
    at += ".capture";
    if (route.target() instanceof Target.Direct) {
      problems.add(at + ": the proxy answers a direct target itself; there is no exchange with a backend to capture");
    }
    if (!(c.percent() >= 0 && c.percent() <= 100)) {
      problems.add(at + ".percent: must be from 0 to 100 (got " + c.renderPercent() + ")");
    }
    if (c.maxBodyBytes() < 1 || c.maxBodyBytes() > CapturePolicy.MAX_BODY_BYTES) {
      problems.add(at + ".maxBody: must be from 1 byte to " + Sizes.render(CapturePolicy.MAX_BODY_BYTES) + " (got "
          + c.maxBodyBytes() + ")");
    }
  }

  void invalidation(List<CacheInvalidation> rules) {
    for (int i = 0; i < rules.size(); i++) {
      CacheInvalidation rule = rules.get(i);
      String at = "cacheInvalidation[" + i + "]";
      if (!STREAM.matcher(rule.stream()).matches()) {
        problems.add(at + ".stream: the aggregate type lower-cased, e.g. product (got '" + rule.stream() + "')");
      }
      if (rule.type() != null && !TYPE.matcher(rule.type()).matches()) {
        problems.add(at + ".type: an event type, e.g. ProductCreated (got '" + rule.type() + "')");
      }
      try {
        for (String name : TagTemplate.placeholders(rule.tag())) {
          if (!CacheInvalidation.FIELDS.contains(name) && !name.startsWith(CacheInvalidation.PAYLOAD_PREFIX)) {
            problems.add(at + ".tag: '" + rule.tag() + "' names {" + name + "}, which no event has (known: "
                + String.join(", ", new java.util.TreeSet<>(CacheInvalidation.FIELDS)) + ", payload.<field>)");
          }
        }
      } catch (IllegalArgumentException e) {
        problems.add(at + ".tag: " + e.getMessage());
      }
    }
  }

  private static Set<String> pathParams(String path) {
    try {
      return path == null ? Set.of() : Set.copyOf(PathPattern.compile(path).parameterNames());
    } catch (IllegalArgumentException e) {
      return Set.of(); // reported under match.path
    }
  }
}
