package dev.strangler.proxy.route;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Per-route forwarding settings; a null means "the proxy's default".
 *
 * @param connectTimeout connect timeout to the backend
 * @param responseTimeout time to wait for the backend's response head, then the longest wait between two chunks of its body
 * @param sideEffect explicit side-effect class; default derived from the matched methods
 * @param fallbackToLegacy when the extracted side fails, serve from the monolith (safe routes only); default false
 * @param stripPrefix removed from the front of the path before forwarding
 * @param addPrefix added to the front of the path after stripping
 * @param requestHeaders headers set on the forwarded request / removed from it
 * @param responseHeaders headers set on the response / removed from it
 * @param maxBodyBytes largest request body accepted: a larger declared Content-Length gets 413, a larger
 *     streamed body has its connection cut; null for no limit (bodies stream)
 * @param requireSession only requests with a logged-in session of the monolith pass; others get a 401 problem from the
 *     proxy and never reach a backend; default false
 * @param cache the route's response cache; null: none
 * @param rateLimit the route's rate limit; null: none
 * @param capture the route's traffic capture; null: none
 * @param shadow limits on a shadow route's copies; null: {@link ShadowPolicy#DEFAULTS}
 * @param idempotency the route's idempotency keys (unsafe routes only); null: none
 * @param holdAnswerBytes on a fallbackToLegacy route, the largest extracted answer held in the proxy until its body has
 *     ended, so that one cut part way is served by the monolith instead ({@code holdAnswer}); 0: never held; null: the
 *     proxy's default ({@code STRANGLER_HOLD_ANSWER_MAX_BYTES})
 */
public record RouteOptions(Duration connectTimeout, Duration responseTimeout, SideEffect sideEffect,
                           boolean fallbackToLegacy, String stripPrefix, String addPrefix,
                           HeaderChanges requestHeaders, HeaderChanges responseHeaders, Long maxBodyBytes,
                           boolean requireSession, CachePolicy cache, RateLimitPolicy rateLimit, CapturePolicy capture,
                           ShadowPolicy shadow, IdempotencyPolicy idempotency, Long holdAnswerBytes) {

  public static final RouteOptions DEFAULTS = new RouteOptions(null, null, null, false, null, null, null, null, null, false);

  /** Without a cache or rate limit. */
  public RouteOptions(Duration connectTimeout, Duration responseTimeout, SideEffect sideEffect, boolean fallbackToLegacy,
                      String stripPrefix, String addPrefix, HeaderChanges requestHeaders, HeaderChanges responseHeaders,
                      Long maxBodyBytes, boolean requireSession) {
    this(connectTimeout, responseTimeout, sideEffect, fallbackToLegacy, stripPrefix, addPrefix, requestHeaders,
        responseHeaders, maxBodyBytes, requireSession, null, null);
  }

  /** Without a capture or shadow limits. */
  public RouteOptions(Duration connectTimeout, Duration responseTimeout, SideEffect sideEffect, boolean fallbackToLegacy,
                      String stripPrefix, String addPrefix, HeaderChanges requestHeaders, HeaderChanges responseHeaders,
                      Long maxBodyBytes, boolean requireSession, CachePolicy cache, RateLimitPolicy rateLimit) {
    this(connectTimeout, responseTimeout, sideEffect, fallbackToLegacy, stripPrefix, addPrefix, requestHeaders,
        responseHeaders, maxBodyBytes, requireSession, cache, rateLimit, null, null);
  }

  /** Without idempotency keys. */
  public RouteOptions(Duration connectTimeout, Duration responseTimeout, SideEffect sideEffect, boolean fallbackToLegacy,
                      String stripPrefix, String addPrefix, HeaderChanges requestHeaders, HeaderChanges responseHeaders,
                      Long maxBodyBytes, boolean requireSession, CachePolicy cache, RateLimitPolicy rateLimit,
                      CapturePolicy capture, ShadowPolicy shadow) {
    this(connectTimeout, responseTimeout, sideEffect, fallbackToLegacy, stripPrefix, addPrefix, requestHeaders,
        responseHeaders, maxBodyBytes, requireSession, cache, rateLimit, capture, shadow, null);
  }

  /** Without an answer hold of its own. */
  public RouteOptions(Duration connectTimeout, Duration responseTimeout, SideEffect sideEffect, boolean fallbackToLegacy,
                      String stripPrefix, String addPrefix, HeaderChanges requestHeaders, HeaderChanges responseHeaders,
                      Long maxBodyBytes, boolean requireSession, CachePolicy cache, RateLimitPolicy rateLimit,
                      CapturePolicy capture, ShadowPolicy shadow, IdempotencyPolicy idempotency) {
    this(connectTimeout, responseTimeout, sideEffect, fallbackToLegacy, stripPrefix, addPrefix, requestHeaders,
        responseHeaders, maxBodyBytes, requireSession, cache, rateLimit, capture, shadow, idempotency, null);
  }

  public RouteOptions {
    requestHeaders = requestHeaders == null ? HeaderChanges.NONE : requestHeaders;
    responseHeaders = responseHeaders == null ? HeaderChanges.NONE : responseHeaders;
  }

  public RouteOptions withCache(CachePolicy policy) {
    return new RouteOptions(connectTimeout, responseTimeout, sideEffect, fallbackToLegacy, stripPrefix, addPrefix,
        requestHeaders, responseHeaders, maxBodyBytes, requireSession, policy, rateLimit, capture, shadow, idempotency, holdAnswerBytes);
  }

  public RouteOptions withRateLimit(RateLimitPolicy policy) {
    return new RouteOptions(connectTimeout, responseTimeout, sideEffect, fallbackToLegacy, stripPrefix, addPrefix,
        requestHeaders, responseHeaders, maxBodyBytes, requireSession, cache, policy, capture, shadow, idempotency, holdAnswerBytes);
  }

  public RouteOptions withCapture(CapturePolicy policy) {
    return new RouteOptions(connectTimeout, responseTimeout, sideEffect, fallbackToLegacy, stripPrefix, addPrefix,
        requestHeaders, responseHeaders, maxBodyBytes, requireSession, cache, rateLimit, policy, shadow, idempotency, holdAnswerBytes);
  }

  public RouteOptions withShadow(ShadowPolicy policy) {
    return new RouteOptions(connectTimeout, responseTimeout, sideEffect, fallbackToLegacy, stripPrefix, addPrefix,
        requestHeaders, responseHeaders, maxBodyBytes, requireSession, cache, rateLimit, capture, policy, idempotency, holdAnswerBytes);
  }

  public RouteOptions withIdempotency(IdempotencyPolicy policy) {
    return new RouteOptions(connectTimeout, responseTimeout, sideEffect, fallbackToLegacy, stripPrefix, addPrefix,
        requestHeaders, responseHeaders, maxBodyBytes, requireSession, cache, rateLimit, capture, shadow, policy, holdAnswerBytes);
  }

  public RouteOptions withHoldAnswer(Long bytes) {
    return new RouteOptions(connectTimeout, responseTimeout, sideEffect, fallbackToLegacy, stripPrefix, addPrefix,
        requestHeaders, responseHeaders, maxBodyBytes, requireSession, cache, rateLimit, capture, shadow, idempotency, bytes);
  }

  /** The route's shadow limits, its own or the defaults. */
  public ShadowPolicy shadowOrDefaults() {
    return shadow != null ? shadow : ShadowPolicy.DEFAULTS;
  }

  /** Headers a route sets and removes; removal happens before setting. */
  public record HeaderChanges(SortedMap<String, String> set, List<String> remove) {
    public static final HeaderChanges NONE = new HeaderChanges(null, null);

    public HeaderChanges {
      set = java.util.Collections.unmodifiableSortedMap(set == null ? new TreeMap<>() : new TreeMap<>(set));
      remove = remove == null ? List.of() : List.copyOf(remove);
    }

    public boolean isEmpty() {
      return set.isEmpty() && remove.isEmpty();
    }

    public static HeaderChanges of(Map<String, String> set, List<String> remove) {
      return new HeaderChanges(set == null ? null : new TreeMap<>(set), remove);
    }
  }
}
