package dev.strangler.proxy;

import dev.strangler.proxy.admin.AdminOptions;
import dev.strangler.proxy.cache.CacheOptions;
import dev.strangler.proxy.capture.CaptureOptions;
import dev.strangler.proxy.idempotency.IdempotencyOptions;
import dev.strangler.proxy.overload.OverloadOptions;
import dev.strangler.proxy.ratelimit.RateLimitOptions;
import dev.strangler.proxy.session.SessionOptions;
import dev.strangler.proxy.shadow.ShadowResultsOptions;
import dev.strangler.proxy.shadow.ShadowOptions;

/**
 * Everything one proxy process is configured with, read and validated in one place ({@link ProxyConfig}).
 *
 * @param admin null when the admin API is off (no token configured)
 * @param discoveryRedisUrl the Redis where extracted services register; null: backends of kind {@code service} have no instances
 * @param instanceId how this instance names itself to the fleet
 * @param eventLoops proxy verticle instances, one per event loop; default the number of cores
 * @param sessions how the monolith's sessions are resolved and identities signed; null when off (no identity key)
 * @param cache where routes' answers are cached; null without a Redis (cached routes are bypassed)
 * @param rateLimit where routes' rate limits are counted; null without a Redis (limited routes act as with Redis down)
 * @param capture where routes' captured exchanges go; null without a Redis (sampled exchanges are dropped and counted)
 * @param shadowResults where shadow comparisons are recorded and summed for the fleet; null without a Redis (not recorded)
 * @param shadow the shadow's client, compare workers and compare rules; null: the defaults
 * @param idempotency where routes' idempotency keys are kept; null without a Redis ({@code require} routes answer 503)
 * @param overload in-flight caps, the connection limit and shedding; null: {@link OverloadOptions#defaults()}
 */
public record ProxySettings(ProxyOptions proxy, RouteSourceSettings routes, AdminOptions admin, String instanceId, int eventLoops,
                            String discoveryRedisUrl, SessionOptions sessions, CacheOptions cache, RateLimitOptions rateLimit,
                            CaptureOptions capture, ShadowResultsOptions shadowResults, ShadowOptions shadow,
                            IdempotencyOptions idempotency, OverloadOptions overload) {

  public ProxySettings {
    shadow = shadow == null ? ShadowOptions.DEFAULTS : shadow;
    overload = overload == null ? OverloadOptions.defaults() : overload;
  }

  /** With the default overload protection. */
  public ProxySettings(ProxyOptions proxy, RouteSourceSettings routes, AdminOptions admin, String instanceId, int eventLoops,
                       String discoveryRedisUrl, SessionOptions sessions, CacheOptions cache, RateLimitOptions rateLimit,
                       CaptureOptions capture, ShadowResultsOptions shadowResults, ShadowOptions shadow,
                       IdempotencyOptions idempotency) {
    this(proxy, routes, admin, instanceId, eventLoops, discoveryRedisUrl, sessions, cache, rateLimit, capture, shadowResults,
        shadow, idempotency, null);
  }

  /** The same settings with other overload protection. */
  public ProxySettings withOverload(OverloadOptions options) {
    return new ProxySettings(proxy, routes, admin, instanceId, eventLoops, discoveryRedisUrl, sessions, cache, rateLimit, capture,
        shadowResults, shadow, idempotency, options);
  }

  /** Without an idempotency key store. */
  public ProxySettings(ProxyOptions proxy, RouteSourceSettings routes, AdminOptions admin, String instanceId, int eventLoops,
                       String discoveryRedisUrl, SessionOptions sessions, CacheOptions cache, RateLimitOptions rateLimit,
                       CaptureOptions capture, ShadowResultsOptions shadowResults, ShadowOptions shadow) {
    this(proxy, routes, admin, instanceId, eventLoops, discoveryRedisUrl, sessions, cache, rateLimit, capture, shadowResults,
        shadow, null);
  }

  /** Without a capture store or shadow results, with the default shadow settings. */
  public ProxySettings(ProxyOptions proxy, RouteSourceSettings routes, AdminOptions admin, String instanceId, int eventLoops,
                       String discoveryRedisUrl, SessionOptions sessions, CacheOptions cache, RateLimitOptions rateLimit) {
    this(proxy, routes, admin, instanceId, eventLoops, discoveryRedisUrl, sessions, cache, rateLimit, null, null, null);
  }

  /** Without a cache or rate limit store. */
  public ProxySettings(ProxyOptions proxy, RouteSourceSettings routes, AdminOptions admin, String instanceId, int eventLoops,
                       String discoveryRedisUrl, SessionOptions sessions) {
    this(proxy, routes, admin, instanceId, eventLoops, discoveryRedisUrl, sessions, null, null, null, null, null);
  }

  @Override
  public String toString() {
    // Redis URLs may carry passwords.
    return "ProxySettings[proxy=" + proxy + ", routes=" + routes + ", admin=" + admin + ", instanceId=" + instanceId
        + ", eventLoops=" + eventLoops + ", discovery=" + (discoveryRedisUrl == null ? "off" : "on")
        + ", sessions=" + (sessions == null ? "off" : sessions) + ", cache=" + (cache == null ? "no Redis" : cache)
        + ", rateLimit=" + (rateLimit == null ? "no Redis" : rateLimit) + ", capture=" + (capture == null ? "no Redis" : capture)
        + ", shadowResults=" + (shadowResults == null ? "no Redis" : shadowResults) + ", shadow=" + shadow
        + ", idempotency=" + (idempotency == null ? "no Redis" : idempotency) + ", overload=" + overload + "]";
  }
}
