package dev.strangler.proxy.route;

import java.net.URI;
import java.util.List;

/**
 * A named destination: fixed URLs (round-robin), or a service name resolved through discovery.
 *
 * @param urls one or more {@code http://} or {@code https://} base URLs
 * @param service a discovery name, instead of URLs
 * @param allowRestrictedAddress lets the backend point at an address the validator refuses by
 *     default (link-local, metadata, the proxy's own ports, Redis); default false
 * @param maxInFlight requests in flight to this backend over the whole proxy process before new ones are refused (503, or
 *     the monolith on a fallback route); null: the proxy's {@code STRANGLER_BACKEND_MAX_IN_FLIGHT}
 */
public record BackendDefinition(List<URI> urls, String service, boolean allowRestrictedAddress, Integer maxInFlight) {

  /** The largest {@code maxInFlight} a backend may have. */
  public static final int MAX_IN_FLIGHT_LIMIT = 1_000_000;

  public BackendDefinition {
    urls = urls == null ? List.of() : List.copyOf(urls);
  }

  /** Without a limit of its own. */
  public BackendDefinition(List<URI> urls, String service, boolean allowRestrictedAddress) {
    this(urls, service, allowRestrictedAddress, null);
  }

  public static BackendDefinition of(String... urls) {
    return new BackendDefinition(java.util.Arrays.stream(urls).map(URI::create).toList(), null, false);
  }

  /** The port a backend URL connects to: its own, else the scheme's default. */
  public static int port(URI url) {
    return url.getPort() != -1 ? url.getPort() : ("https".equals(url.getScheme()) ? 443 : 80);
  }

  public static BackendDefinition service(String name) {
    return new BackendDefinition(List.of(), name, false);
  }
}
