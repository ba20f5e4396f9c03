package dev.strangler.proxy.route;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/** Recursive-descent reader of {@link RouteLine}'s grammar; one instance per line. */
final class RouteLineParser {

  private final String src;
  private int pos;

  RouteLineParser(String src) {
    this.src = src == null ? "" : src;
  }

  RouteDefinition route() {
    String id = ident("a route id");
    expect(":");
    String path = null;
    List<String> methods = new ArrayList<>();
    String host = null;
    TreeMap<String, String> headers = new TreeMap<>();
    TreeMap<String, String> cookies = new TreeMap<>();
    TreeMap<String, String> query = new TreeMap<>();
    if (peek("*")) {
      expect("*");
    } else {
      do {
        int at = skip();
        String name = ident("a predicate");
        List<String> args = args();
        switch (name) {
          case "Path" -> path = one(name, args, at);
          case "Method" -> methods.addAll(args.stream().map(a -> a.toUpperCase(Locale.ROOT)).toList());
          case "Host" -> host = one(name, args, at);
          case "Header" -> pair(name, args, at, headers);
          case "Cookie" -> pair(name, args, at, cookies);
          case "Query" -> pair(name, args, at, query);
          default -> throw fail(at, "unknown predicate " + name + " (Path, Method, Host, Header, Cookie, Query)");
        }
      } while (accept("&&"));
    }
    Integer priority = null;
    java.time.Duration connect = null;
    java.time.Duration response = null;
    SideEffect sideEffect = null;
    boolean fallback = false;
    String strip = null;
    String add = null;
    TreeMap<String, String> setReq = new TreeMap<>();
    List<String> removeReq = new ArrayList<>();
    TreeMap<String, String> setResp = new TreeMap<>();
    List<String> removeResp = new ArrayList<>();
    Long maxBody = null;
    Long holdAnswer = null;
    boolean requireSession = false;
    CachePolicy cache = null;
    RateLimitPolicy rateLimit = null;
    CapturePolicy capture = null;
    ShadowPolicy shadow = null;
    IdempotencyPolicy idempotency = null;
    expect("->");
    while (true) {
      int at = skip();
      String name = ident("a filter or target");
      if (!peek("(") && !name.equals("legacy")) {
        throw fail(at, "expected '(' after " + name);
      }
      List<String> args = name.equals("legacy") && !peek("(") ? List.of() : args();
      if (isTarget(name)) {
        Target target = target(name, args, at);
        if (skip() != src.length()) {
          throw fail(pos, "nothing may follow the target");
        }
        RouteOptions options = new RouteOptions(connect, response, sideEffect, fallback, strip, add,
            new RouteOptions.HeaderChanges(setReq, removeReq), new RouteOptions.HeaderChanges(setResp, removeResp), maxBody, requireSession, cache, rateLimit,
            capture, shadow, idempotency, holdAnswer);
        return new RouteDefinition(id, priority, new Match(path, methods, headers, cookies, query, host), target, options);
      }
      switch (name) {
        case "Priority" -> priority = number(one(name, args, at), at);
        case "ConnectTimeout" -> connect = Durations.parse(one(name, args, at));
        case "ResponseTimeout" -> response = Durations.parse(one(name, args, at));
        case "SideEffect" -> sideEffect = SideEffect.valueOf(one(name, args, at).toUpperCase(Locale.ROOT));
        case "FallbackToLegacy" -> fallback = true;
        case "StripPrefix" -> strip = one(name, args, at);
        case "AddPrefix" -> add = one(name, args, at);
        case "SetRequestHeader" -> pair(name, args, at, setReq);
        case "RemoveRequestHeader" -> removeReq.add(one(name, args, at));
        case "SetResponseHeader" -> pair(name, args, at, setResp);
        case "RemoveResponseHeader" -> removeResp.add(one(name, args, at));
        case "MaxBody" -> maxBody = Sizes.parse(one(name, args, at));
        case "HoldAnswer" -> holdAnswer = Sizes.parse(one(name, args, at));
        case "RequireSession" -> {
          arity(name, args, 0, at);
          requireSession = true;
        }
        case "Cache" -> cache = cache(args, at);
        case "RateLimit" -> {
          arity(name, args, 4, at);
          rateLimit = new RateLimitPolicy(RateLimitPolicy.Rate.parse(args.get(0)), number(args.get(1), at),
              RateLimitPolicy.Key.parse(args.get(2)), RateLimitPolicy.OnRedisDown.parse(args.get(3)));
        }
        case "Capture" -> capture = capture(args, at);
        case "Shadow" -> {
          shadow = shadow(args, at);
        }
        case "Idempotency" -> {
          arity(name, args, 4, at);
          idempotency = new IdempotencyPolicy(IdempotencyPolicy.Mode.parse(args.get(0)), args.get(1),
              Durations.parse(args.get(2)), Sizes.parse(args.get(3)));
        }
        default -> throw fail(at, "unknown filter " + name);
      }
      expect("->");
    }
  }

  /** {@code Cache("30s", "vary:Accept-Language", "tag:product:{sku}", "userScoped", "keep:10m", "staleIfError:1h")}. */
  private CachePolicy cache(List<String> args, int at) {
    if (args.isEmpty()) {
      throw fail(at, "Cache takes a TTL first, then \"vary:HEADER\", \"tag:TAG\", \"userScoped\", \"keep:DURATION\" or \"staleIfError:DURATION\"");
    }
    List<String> vary = new ArrayList<>();
    List<String> tags = new ArrayList<>();
    boolean userScoped = false;
    java.time.Duration keep = java.time.Duration.ZERO;
    java.time.Duration staleIfError = java.time.Duration.ZERO;
    for (String arg : args.subList(1, args.size())) {
      if (arg.startsWith(RouteLine.CACHE_VARY)) {
        vary.add(arg.substring(RouteLine.CACHE_VARY.length()));
      } else if (arg.startsWith(RouteLine.CACHE_TAG)) {
        tags.add(arg.substring(RouteLine.CACHE_TAG.length()));
      } else if (arg.equals(RouteLine.CACHE_USER_SCOPED)) {
        userScoped = true;
      } else if (arg.startsWith(RouteLine.CACHE_KEEP)) {
        keep = Durations.parse(arg.substring(RouteLine.CACHE_KEEP.length()));
      } else if (arg.startsWith(RouteLine.CACHE_STALE_IF_ERROR)) {
        staleIfError = Durations.parse(arg.substring(RouteLine.CACHE_STALE_IF_ERROR.length()));
      } else {
        throw fail(at, "Cache argument '" + arg + "' is none of \"vary:HEADER\", \"tag:TAG\", \"userScoped\", "
            + "\"keep:DURATION\", \"staleIfError:DURATION\"");
      }
    }
    return new CachePolicy(Durations.parse(args.get(0)), vary, userScoped, tags, keep, staleIfError);
  }

  /**
   * {@code Shadow("1MiB", 32, "5s", "noNoise", "sandbox", "session:cart", "redact:/password")}: four fixed arguments,
   * then {@code "sandbox"} if the copies are sandboxed, then the session snapshot's attributes, then any redactions.
   */
  private ShadowPolicy shadow(List<String> args, int at) {
    if (args.size() < 4) {
      throw fail(at, "Shadow takes maxBody, maxInFlight, timeout, \"learnNoise\" or \"noNoise\", then \"sandbox\" if"
          + " sandboxed, then any \"session:ATTRIBUTE\", then any \"redact:POINTER\"");
    }
    if (!args.get(3).equals("learnNoise") && !args.get(3).equals("noNoise")) {
      throw fail(at, "Shadow's fourth argument is \"learnNoise\" or \"noNoise\"");
    }
    boolean sandbox = args.size() > 4 && args.get(4).equals(RouteLine.SHADOW_SANDBOX);
    List<String> session = new ArrayList<>();
    List<dev.strangler.compare.PointerPattern> redact = new ArrayList<>();
    for (String arg : args.subList(sandbox ? 5 : 4, args.size())) {
      if (arg.startsWith(RouteLine.SHADOW_SESSION) && redact.isEmpty()) {
        session.add(arg.substring(RouteLine.SHADOW_SESSION.length()));
        continue;
      }
      if (!arg.startsWith(RouteLine.CAPTURE_REDACT)) {
        throw fail(at, "Shadow argument '" + arg + "' is not \"redact:POINTER\""
            + (arg.equals(RouteLine.SHADOW_SANDBOX) ? " (\"sandbox\" comes right after the fourth argument)" : "")
            + (arg.startsWith(RouteLine.SHADOW_SESSION) ? " (\"session:ATTRIBUTE\" comes before any redaction)" : ""));
      }
      redact.add(dev.strangler.compare.PointerPattern.parse(arg.substring(RouteLine.CAPTURE_REDACT.length())));
    }
    return new ShadowPolicy(Sizes.parse(args.get(0)), number(args.get(1), at), Durations.parse(args.get(2)),
        args.get(3).equals("learnNoise"), redact, sandbox, session);
  }

  /** {@code Capture(10, "maxBody:64KiB", "sample:session", "redact:/password")}. */
  private CapturePolicy capture(List<String> args, int at) {
    if (args.isEmpty()) {
      throw fail(at, "Capture takes a percent first, then \"maxBody:SIZE\" or \"redact:POINTER\"");
    }
    double percent;
    try {
      percent = Double.parseDouble(args.get(0));
    } catch (NumberFormatException e) {
      throw fail(at, "Capture's percent must be a number (got '" + args.get(0) + "')");
    }
    long maxBody = CapturePolicy.DEFAULT_MAX_BODY_BYTES;
    List<dev.strangler.compare.PointerPattern> redact = new ArrayList<>();
    CapturePolicy.Sampling sample = CapturePolicy.Sampling.REQUEST;
    for (String arg : args.subList(1, args.size())) {
      if (arg.startsWith(RouteLine.CAPTURE_MAX_BODY)) {
        maxBody = Sizes.parse(arg.substring(RouteLine.CAPTURE_MAX_BODY.length()));
      } else if (arg.startsWith(RouteLine.CAPTURE_REDACT)) {
        redact.add(dev.strangler.compare.PointerPattern.parse(arg.substring(RouteLine.CAPTURE_REDACT.length())));
      } else if (arg.startsWith(RouteLine.CAPTURE_SAMPLE)) {
        sample = CapturePolicy.Sampling.parse(arg.substring(RouteLine.CAPTURE_SAMPLE.length()));
        if (sample == null) {
          throw fail(at, "Capture's \"sample:\" must be request or session (got '" + arg + "')");
        }
      } else {
        throw fail(at, "Capture argument '" + arg + "' is none of \"maxBody:SIZE\", \"sample:request|session\", \"redact:POINTER\"");
      }
    }
    return new CapturePolicy(percent, maxBody, redact, sample);
  }

  private static boolean isTarget(String name) {
    return switch (name) {
      case "legacy", "extracted", "canary", "shadow", "direct" -> true;
      default -> false;
    };
  }

  private Target target(String name, List<String> a, int at) {
    return switch (name) {
      case "legacy" -> new Target.Legacy();
      case "extracted" -> new Target.Extracted(one(name, a, at));
      case "canary" -> {
        arity(name, a, 3, at);
        yield new Target.Canary(a.get(0), number(a.get(1), at), Cohort.parse(a.get(2)));
      }
      case "shadow" -> {
        arity(name, a, 3, at);
        yield new Target.Shadow(a.get(0), a.get(1), number(a.get(2), at));
      }
      case "direct" -> {
        arity(name, a, 3, at);
        yield new Target.Direct(number(a.get(0), at), a.get(1), a.get(2));
      }
      default -> throw new AssertionError(name);
    };
  }

  private List<String> args() {
    expect("(");
    List<String> out = new ArrayList<>();
    if (accept(")")) {
      return out;
    }
    do {
      out.add(value());
    } while (accept(","));
    expect(")");
    return out;
  }

  private String value() {
    int at = skip();
    if (at < src.length() && src.charAt(at) == '"') {
      int end = at + 1;
      while (end < src.length() && src.charAt(end) != '"') {
        end += src.charAt(end) == '\\' ? 2 : 1;
      }
      if (end >= src.length()) {
        throw fail(at, "unterminated string");
      }
      pos = end + 1;
      return RouteLine.unquote(src.substring(at, end + 1));
    }
    int end = at;
    while (end < src.length() && (Character.isDigit(src.charAt(end)) || src.charAt(end) == '-')) {
      end++;
    }
    if (end == at) {
      throw fail(at, "expected a \"string\" or a number");
    }
    pos = end;
    return src.substring(at, end);
  }

  private String ident(String what) {
    int at = skip();
    int end = at;
    while (end < src.length()) {
      char c = src.charAt(end);
      boolean arrow = c == '-' && end + 1 < src.length() && src.charAt(end + 1) == '>';
      if (arrow || !(Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-')) {
        break;
      }
      end++;
    }
    if (end == at) {
      throw fail(at, "expected " + what);
    }
    pos = end;
    return src.substring(at, end);
  }

  private String one(String name, List<String> args, int at) {
    arity(name, args, 1, at);
    return args.get(0);
  }

  private void pair(String name, List<String> args, int at, TreeMap<String, String> into) {
    arity(name, args, 2, at);
    into.put(args.get(0), args.get(1));
  }

  private void arity(String name, List<String> args, int n, int at) {
    if (args.size() != n) {
      throw fail(at, name + " takes " + n + " argument" + (n == 1 ? "" : "s") + ", got " + args.size());
    }
  }

  private int number(String s, int at) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw fail(at, "expected a whole number, got '" + s + "'");
    }
  }

  private int skip() {
    while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
      pos++;
    }
    return pos;
  }

  private boolean peek(String token) {
    skip();
    return src.startsWith(token, pos);
  }

  private boolean accept(String token) {
    if (peek(token)) {
      pos += token.length();
      return true;
    }
    return false;
  }

  private void expect(String token) {
    if (!accept(token)) {
      throw fail(pos, "expected '" + token + "'");
    }
  }

  private IllegalArgumentException fail(int at, String message) {
    return new IllegalArgumentException("column " + (at + 1) + ": " + message + " in: " + src);
  }
}
