package dev.strangler.proxy.route;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

/**
 * Addresses a backend may not point at unless the backend says {@code allowRestrictedAddress}:
 * link-local and cloud metadata ranges, the unspecified address, multicast, and the host:ports
 * of the proxy itself and of Redis (a route to those would loop, or expose the data layer).
 *
 * @param ownPorts ports this proxy listens on (public and admin), on any local address
 * @param redis Redis {@code host:port} endpoints the proxy uses
 */
public record RestrictedAddresses(Set<Integer> ownPorts, Set<String> redis) {

  public static final RestrictedAddresses NONE = new RestrictedAddresses(Set.of(), Set.of());

  public RestrictedAddresses {
    ownPorts = Set.copyOf(ownPorts);
    redis = Set.copyOf(redis);
  }

  /**
   * Why {@code url} is restricted, or null when it is fine. Only literal addresses are checked: no DNS at validation
   * time. Route tables are validated with it, and so is every instance discovery reports.
   */
  public String reason(URI url) {
    String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
    int port = BackendDefinition.port(url);
    InetAddress address = literal(host);
    boolean local = host.equals("localhost") || (address != null && (address.isLoopbackAddress() || address.isAnyLocalAddress()));
    if (address != null && address.isLinkLocalAddress()) {
      return "a link-local address (cloud metadata lives there)";
    }
    if (address != null && address.isAnyLocalAddress()) {
      return "the unspecified address";
    }
    if (address != null && address.isMulticastAddress()) {
      return "a multicast address";
    }
    if (local && ownPorts.contains(port)) {
      return "this proxy's own port " + port;
    }
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (redis.contains(bare + ":" + port) || (local && (redis.contains("127.0.0.1:" + port) || redis.contains("localhost:" + port)))) {
      return "Redis at " + host + ":" + port;
    }
    return null;
  }

  private static InetAddress literal(String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (!h.matches("[0-9.]+") && !h.contains(":")) {
      return null;
    }
    try {
      return InetAddress.getByName(h);
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
