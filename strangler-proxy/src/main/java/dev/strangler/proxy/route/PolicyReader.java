package dev.strangler.proxy.route;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strangler.compare.PointerPattern;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a route's {@code cache}, {@code rateLimit}, {@code capture}, {@code shadow} and {@code idempotency} and the table's
 * {@code cacheInvalidation} for {@link RouteTableReader}.
 */
final class PolicyReader {

  private static final Set<String> CACHE_FIELDS = Set.of("ttl", "vary", "userScoped", "tags", "keep", "staleIfError");
  private static final Set<String> RATE_LIMIT_FIELDS = Set.of("rate", "burst", "key", "onRedisDown");
  private static final Set<String> SHADOW_FIELDS = Set.of("maxBody", "maxInFlight", "timeout", "learnNoise", "redact",
      "sandbox", "sandboxSession");
  private static final Set<String> INVALIDATION_FIELDS = Set.of("stream", "type", "tag");
  private static final Set<String> IDEMPOTENCY_FIELDS = Set.of("mode", "header", "ttl", "maxBody");
  private static final Set<String> CAPTURE_FIELDS = Set.of("percent", "maxBody", "redact", "sample");

  private final RouteTableReader reader;

  PolicyReader(RouteTableReader reader) {
    this.reader = reader;
  }

  CachePolicy cache(JsonNode node, String at) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      reader.problem(at + ": must be an object with ttl (and vary, userScoped, tags, keep, staleIfError)");
      return null;
    }
    reader.unknownFields(node, CACHE_FIELDS, at + ".");
    Duration ttl = reader.duration(node.get("ttl"), at + ".ttl");
    if (ttl == null && !node.hasNonNull("ttl")) {
      reader.problem(at + ".ttl: required (how long an answer is kept, e.g. 30s)");
    }
    List<String> vary = reader.strings(node.get("vary"), at + ".vary");
    boolean userScoped = reader.bool(node, "userScoped", at + ".userScoped");
    List<String> tags = reader.strings(node.get("tags"), at + ".tags");
    Duration keep = node.hasNonNull("keep") ? reader.duration(node.get("keep"), at + ".keep") : Duration.ZERO;
    Duration staleIfError = node.hasNonNull("staleIfError")
        ? reader.duration(node.get("staleIfError"), at + ".staleIfError") : Duration.ZERO;
    return ttl == null || keep == null || staleIfError == null ? null
        : new CachePolicy(ttl, vary, userScoped, tags, keep, staleIfError);
  }

  RateLimitPolicy rateLimit(JsonNode node, String at) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      reader.problem(at + ": must be an object with rate, key and onRedisDown (and burst)");
      return null;
    }
    reader.unknownFields(node, RATE_LIMIT_FIELDS, at + ".");
    RateLimitPolicy.Rate rate = parsed(node, "rate", at, "how many requests per period, e.g. 100/s", RateLimitPolicy.Rate::parse);
    Integer burst = node.has("burst") ? reader.integer(node.get("burst"), at + ".burst") : null;
    RateLimitPolicy.Key key = parsed(node, "key", at, "ip, user or header:NAME", RateLimitPolicy.Key::parse);
    RateLimitPolicy.OnRedisDown down = parsed(node, "onRedisDown", at,
        "open or closed: whether requests pass while Redis can't answer", RateLimitPolicy.OnRedisDown::parse);
    if (rate == null || key == null || down == null || (node.has("burst") && burst == null)) {
      return null;
    }
    return new RateLimitPolicy(rate, burst != null ? burst : (int) Math.min(rate.count(), Integer.MAX_VALUE), key, down);
  }

  CapturePolicy capture(JsonNode node, String at) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      reader.problem(at + ": must be an object with percent (and maxBody, redact, sample)");
      return null;
    }
    reader.unknownFields(node, CAPTURE_FIELDS, at + ".");
    JsonNode p = node.get("percent");
    Double percent = null;
    if (p == null || p.isNull()) {
      reader.problem(at + ".percent: required (the share of requests recorded, 0 to 100)");
    } else if (!p.isNumber()) {
      reader.problem(at + ".percent: must be a number from 0 to 100 (got " + p + ")");
    } else {
      percent = p.asDouble();
    }
    long maxBody = CapturePolicy.DEFAULT_MAX_BODY_BYTES;
    JsonNode size = node.get("maxBody");
    if (size != null && !size.isNull()) {
      try {
        maxBody = Sizes.parse(size.asText());
      } catch (IllegalArgumentException e) {
        reader.problem(at + ".maxBody: " + e.getMessage());
      }
    }
    List<PointerPattern> redact = redact(node.get("redact"), at + ".redact");
    CapturePolicy.Sampling sample = CapturePolicy.Sampling.REQUEST;
    JsonNode by = node.get("sample");
    if (by != null && !by.isNull()) {
      sample = by.isTextual() ? CapturePolicy.Sampling.parse(by.asText()) : null;
      if (sample == null) {
        reader.problem(at + ".sample: must be request or session (got " + by + ")");
      }
    }
    return percent == null || sample == null ? null : new CapturePolicy(percent, maxBody, redact, sample);
  }

  /** A list of JSON pointer patterns (capture's and the shadow's {@code redact}). */
  private List<PointerPattern> redact(JsonNode node, String at) {
    List<PointerPattern> redact = new ArrayList<>();
    List<String> patterns = reader.strings(node, at);
    for (int i = 0; i < patterns.size(); i++) {
      try {
        redact.add(PointerPattern.parse(patterns.get(i)));
      } catch (IllegalArgumentException e) {
        reader.problem(at + "[" + i + "]: " + e.getMessage());
      }
    }
    return redact;
  }

  /**
   * A route's {@code shadow} block: each field optional, with its default ({@link ShadowPolicy}); a sandboxed block
   * learns no noise unless it says so (which the validator then refuses, by name).
   */
  ShadowPolicy shadow(JsonNode node, String at) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      reader.problem(at + ": must be an object with any of maxBody, maxInFlight, timeout, learnNoise, redact, sandbox,"
          + " sandboxSession");
      return null;
    }
    reader.unknownFields(node, SHADOW_FIELDS, at + ".");
    long maxBody = ShadowPolicy.DEFAULT_MAX_BODY_BYTES;
    if (node.hasNonNull("maxBody")) {
      try {
        maxBody = Sizes.parse(node.get("maxBody").asText());
      } catch (IllegalArgumentException e) {
        reader.problem(at + ".maxBody: " + e.getMessage());
      }
    }
    Integer inFlight = node.hasNonNull("maxInFlight") ? reader.integer(node.get("maxInFlight"), at + ".maxInFlight")
        : Integer.valueOf(ShadowPolicy.DEFAULT_MAX_IN_FLIGHT);
    Duration timeout = node.hasNonNull("timeout") ? reader.duration(node.get("timeout"), at + ".timeout")
        : ShadowPolicy.DEFAULT_TIMEOUT;
    boolean sandbox = !node.has("sandbox") ? ShadowPolicy.DEFAULT_SANDBOX : reader.bool(node, "sandbox", at + ".sandbox");
    boolean learnNoise = !node.has("learnNoise") ? ShadowPolicy.DEFAULT_LEARN_NOISE && !sandbox
        : reader.bool(node, "learnNoise", at + ".learnNoise");
    List<PointerPattern> redact = redact(node.get("redact"), at + ".redact");
    List<String> sandboxSession = reader.strings(node.get("sandboxSession"), at + ".sandboxSession");
    return inFlight == null || timeout == null ? null
        : new ShadowPolicy(maxBody, inFlight, timeout, learnNoise, redact, sandbox, sandboxSession);
  }

  /** A route's {@code idempotency} block: mode required, the rest with defaults ({@link IdempotencyPolicy}). */
  IdempotencyPolicy idempotency(JsonNode node, String at) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      reader.problem(at + ": must be an object with mode (and header, ttl, maxBody)");
      return null;
    }
    reader.unknownFields(node, IDEMPOTENCY_FIELDS, at + ".");
    IdempotencyPolicy.Mode mode = parsed(node, "mode", at, "require or add", IdempotencyPolicy.Mode::parse);
    String header = node.has("header") ? reader.text(node, "header", at + ".header") : IdempotencyPolicy.DEFAULT_HEADER;
    Duration ttl = node.hasNonNull("ttl") ? reader.duration(node.get("ttl"), at + ".ttl") : IdempotencyPolicy.DEFAULT_TTL;
    long maxBody = IdempotencyPolicy.DEFAULT_MAX_BODY_BYTES;
    if (node.hasNonNull("maxBody")) {
      try {
        maxBody = Sizes.parse(node.get("maxBody").asText());
      } catch (IllegalArgumentException e) {
        reader.problem(at + ".maxBody: " + e.getMessage());
      }
    }
    return mode == null || header == null || ttl == null ? null : new IdempotencyPolicy(mode, header, ttl, maxBody);
  }

  List<CacheInvalidation> invalidation(JsonNode node, String at) {
    List<CacheInvalidation> rules = new ArrayList<>();
    if (node == null || node.isNull()) {
      return rules;
    }
    if (!node.isArray()) {
      reader.problem(at + ": must be a list of {stream, type, tag}");
      return rules;
    }
    for (int i = 0; i < node.size(); i++) {
      String here = at + "[" + i + "]";
      JsonNode rule = node.get(i);
      if (!rule.isObject()) {
        reader.problem(here + ": must be an object with stream and tag (and type)");
        continue;
      }
      reader.unknownFields(rule, INVALIDATION_FIELDS, here + ".");
      String stream = reader.text(rule, "stream", here + ".stream");
      String tag = reader.text(rule, "tag", here + ".tag");
      if (stream == null) {
        reader.problem(here + ".stream: required (the aggregate type lower-cased, e.g. product)");
      }
      if (tag == null) {
        reader.problem(here + ".tag: required (e.g. \"product:{aggregateId}\")");
      }
      if (stream != null && tag != null) {
        rules.add(new CacheInvalidation(stream, reader.text(rule, "type", here + ".type"), tag));
      }
    }
    return rules;
  }

  private <T> T parsed(JsonNode node, String field, String at, String what, java.util.function.Function<String, T> parse) {
    String text = reader.text(node, field, at + "." + field);
    if (text == null) {
      if (!node.hasNonNull(field)) {
        reader.problem(at + "." + field + ": required (" + what + ")");
      }
      return null;
    }
    try {
      return parse.apply(text);
    } catch (IllegalArgumentException e) {
      reader.problem(at + "." + field + ": " + e.getMessage());
      return null;
    }
  }
}
