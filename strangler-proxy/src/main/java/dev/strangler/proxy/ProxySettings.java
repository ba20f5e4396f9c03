package dev.strangler.proxy;

import dev.strangler.proxy.admin.AdminOptions;

/**
 * Everything one proxy process is configured with, read and validated in one place ({@link ProxyConfig}).
 *
 * @param admin null when the admin API is off (no token configured)
 * @param instanceId how this instance names itself to the fleet
 * @param eventLoops proxy verticle instances, one per event loop; default the number of cores
 */
public record ProxySettings(ProxyOptions proxy, RouteSourceSettings routes, AdminOptions admin, String instanceId, int eventLoops) {}
