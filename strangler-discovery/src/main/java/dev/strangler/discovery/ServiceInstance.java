package dev.strangler.discovery;

import java.net.URI;
import java.util.Objects;

/**
 * One running instance of a service, as discovery knows it.
 *
 * @param registration the id discovery gave it; unique per registration
 * @param name the service name routes refer to (a backend's {@code service})
 * @param version the instance's own version, for logs and the admin API
 */
public record ServiceInstance(String registration, String name, String host, int port, boolean ssl, String version) {

  public ServiceInstance {
    Objects.requireNonNull(registration, "registration == null");
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(host, "host == null");
  }

  /** The base URL to send requests to. */
  public URI uri() {
    return URI.create((ssl ? "https" : "http") + "://" + host + ":" + port);
  }
}
