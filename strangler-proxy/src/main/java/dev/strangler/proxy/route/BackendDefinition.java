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
 */
public record BackendDefinition(List<URI> urls, String service, boolean allowRestrictedAddress) {

  public BackendDefinition {
    urls = urls == null ? List.of() : List.copyOf(urls);
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
