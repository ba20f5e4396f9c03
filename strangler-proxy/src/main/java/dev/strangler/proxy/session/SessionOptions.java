package dev.strangler.proxy.session;

import java.time.Duration;
import java.util.Objects;

/**
 * How the proxy finds the monolith's sessions in Redis (Spring Session's JSON hash
 * {@code <namespace>:sessions:<id>}) and signs the identity it forwards to extracted backends. Every
 * default matches the sample monolith.
 *
 * @param redisUrl the Redis holding the sessions ({@code redis://…}); default the route store's Redis
 * @param cookieName the monolith's session cookie; default {@value #DEFAULT_COOKIE_NAME}
 * @param cookieBase64 the cookie holds the base64 of the session id (Spring Session's default); default true
 * @param namespace key prefix before {@code :sessions:<id>}; default {@value #DEFAULT_NAMESPACE}
 * @param customerIdAttribute session attribute holding the customer id; default {@value #DEFAULT_CUSTOMER_ID_ATTRIBUTE}
 * @param emailAttribute session attribute holding the customer's email; default {@value #DEFAULT_EMAIL_ATTRIBUTE}
 * @param touchInterval a session's lastAccessedTime is moved forward (and its TTL renewed) when it is at least this old;
 *     default {@link #DEFAULT_TOUCH_INTERVAL}
 * @param lookupTimeout how long a request waits for Redis before its session counts as unavailable; default
 *     {@link #DEFAULT_LOOKUP_TIMEOUT}
 * @param key the HS256 key identities are signed with
 * @param tokenLifetime how long a signed identity is valid; default {@link #DEFAULT_TOKEN_LIFETIME}
 */
public record SessionOptions(String redisUrl, String cookieName, boolean cookieBase64, String namespace,
                             String customerIdAttribute, String emailAttribute, Duration touchInterval,
                             Duration lookupTimeout, IdentityKey key, Duration tokenLifetime) {

  public static final String DEFAULT_COOKIE_NAME = "SESSION";
  public static final boolean DEFAULT_COOKIE_BASE64 = true;
  public static final String DEFAULT_NAMESPACE = "acme:session";
  public static final String DEFAULT_CUSTOMER_ID_ATTRIBUTE = "customerId";
  public static final String DEFAULT_EMAIL_ATTRIBUTE = "customerEmail";
  /** Against the monolith's 30-minute inactivity timeout, a session browsing only extracted pages loses at most a minute. */
  public static final Duration DEFAULT_TOUCH_INTERVAL = Duration.ofSeconds(60);
  /** Redis on the same network answers in about a millisecond; past this it is treated as down. */
  public static final Duration DEFAULT_LOOKUP_TIMEOUT = Duration.ofMillis(300);
  /** Long enough for one request's fan-out inside a service, short enough that a stolen token soon dies. */
  public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofSeconds(60);

  public SessionOptions {
    Objects.requireNonNull(redisUrl, "redisUrl == null");
    Objects.requireNonNull(cookieName, "cookieName == null");
    Objects.requireNonNull(namespace, "namespace == null");
    Objects.requireNonNull(customerIdAttribute, "customerIdAttribute == null");
    Objects.requireNonNull(emailAttribute, "emailAttribute == null");
    Objects.requireNonNull(touchInterval, "touchInterval == null");
    Objects.requireNonNull(lookupTimeout, "lookupTimeout == null");
    Objects.requireNonNull(key, "key == null");
    Objects.requireNonNull(tokenLifetime, "tokenLifetime == null");
  }

  /** Every default, with the given Redis and key. */
  public static SessionOptions defaults(String redisUrl, IdentityKey key) {
    return new SessionOptions(redisUrl, DEFAULT_COOKIE_NAME, DEFAULT_COOKIE_BASE64, DEFAULT_NAMESPACE,
        DEFAULT_CUSTOMER_ID_ATTRIBUTE, DEFAULT_EMAIL_ATTRIBUTE, DEFAULT_TOUCH_INTERVAL, DEFAULT_LOOKUP_TIMEOUT, key,
        DEFAULT_TOKEN_LIFETIME);
  }

  public SessionOptions withNamespace(String value) {
    return new SessionOptions(redisUrl, cookieName, cookieBase64, value, customerIdAttribute, emailAttribute,
        touchInterval, lookupTimeout, key, tokenLifetime);
  }

  /** The Redis key of session {@code id}, as Spring Session's RedisSessionRepository names it. */
  public String sessionKey(String id) {
    return namespace + ":sessions:" + id;
  }

  @Override
  public String toString() {
    // The Redis URL may carry a password; the key is never shown.
    return "SessionOptions[cookie=" + cookieName + (cookieBase64 ? " (base64)" : "") + ", namespace=" + namespace
        + ", attributes=" + customerIdAttribute + "/" + emailAttribute + ", touchInterval=" + touchInterval
        + ", lookupTimeout=" + lookupTimeout + ", tokenLifetime=" + tokenLifetime + ", key=" + key + "]";
  }
}
