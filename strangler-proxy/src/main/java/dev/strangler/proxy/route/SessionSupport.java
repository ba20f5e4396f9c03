package dev.strangler.proxy.route;

/**
 * Whether the proxy applying a table resolves the monolith's sessions and signs identities: routes that
 * require a session, or send requests to an extracted backend (which is owed the verified identity), need it.
 */
public enum SessionSupport {

  /** Sessions resolve and identities are signed: every route is possible. */
  ON,

  /** No identity key: a route that requires a session or can send to an extracted backend is refused. */
  OFF,

  /** Validation of the table alone (tests, tools): the proxy that will apply it is not known. */
  UNCHECKED
}
