package dev.strangler.proxy;

import dev.strangler.proxy.admin.AdminOptions;
import dev.strangler.proxy.session.SessionOptions;

/**
 * Everything one proxy process is configured with, read and validated in one place ({@link ProxyConfig}).
 *
 * @param admin null when the admin API is off (no token configured)
 * @param discoveryRedisUrl the Redis where extracted services register; null: backends of kind {@code service} have no instances
 * @param instanceId how this instance names itself to the fleet
 * @param eventLoops proxy verticle instances, one per event loop; default the number of cores
 * @param sessions how the monolith's sessions are resolved and identities signed; null when off (no identity key)
 */
public record ProxySettings(ProxyOptions proxy, RouteSourceSettings routes, AdminOptions admin, String instanceId, int eventLoops,
                            String discoveryRedisUrl, SessionOptions sessions) {

  @Override
  public String toString() {
    // Redis URLs may carry passwords.
    return "ProxySettings[proxy=" + proxy + ", routes=" + routes + ", admin=" + admin + ", instanceId=" + instanceId
        + ", eventLoops=" + eventLoops + ", discovery=" + (discoveryRedisUrl == null ? "off" : "on")
        + ", sessions=" + (sessions == null ? "off" : sessions) + "]";
  }
}
