package dev.strangler.proxy.route;

/** What route matching may look at in a request; the path is already normalised by the edge. */
public interface RequestFacts {

  String method();

  String path();

  /** The Host without port, lower-case; null when absent. */
  String host();

  /** The first value of a header (case-insensitive name), or null. */
  String header(String name);

  String cookie(String name);

  String queryParam(String name);
}
