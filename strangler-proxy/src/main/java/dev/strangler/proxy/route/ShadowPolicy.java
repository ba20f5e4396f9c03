package dev.strangler.proxy.route;

import dev.strangler.compare.PointerPattern;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A shadow route's limits on its copies (the {@code shadow} block of a route whose target is {@code shadow}). A route
 * without the block gets {@link #DEFAULTS}.
 *
 * @param maxBodyBytes largest request body copied to the candidate, and largest response body (each side's) kept to
 *     compare; a larger request's copy is dropped ({@code BODY_TOO_LARGE}), the primary still gets it all; default
 *     {@value #DEFAULT_MAX_BODY_BYTES}
 * @param maxInFlight copies of this route outstanding at once, over every event loop of the proxy; one more is dropped
 *     ({@code IN_FLIGHT_BUDGET}); default {@value #DEFAULT_MAX_IN_FLIGHT}
 * @param timeout how long a copy may take, from sending to the end of its answer; then it counts as a candidate
 *     timeout; default 5s
 * @param learnNoise also send a second copy to the legacy side, so what legacy changes by itself (timestamps, ids) is
 *     not reported; only when one side is {@code legacy}; default true
 * @param redact JSON fields (pointer patterns, as capture's) whose values never leave the proxy in shadow results: in
 *     the body samples, the differences' values and the recorded URI's query; default none
 * @param sandbox copies of the route's writes are sandboxed copies: they carry {@value #SANDBOX_HEADER}{@code : 1} so
 *     the candidate keeps their effects apart from live data, and the monolith never gets a second one (no learned
 *     noise); the only way an unsafe route is copied at all. Only on a route that writes, towards a candidate that is
 *     not {@code legacy}; default false
 * @param sandboxSession session attributes (names, as the monolith stores them in {@code sessionAttr:<name>}) read when a
 *     sampled request arrives, before the primary is forwarded, and handed to the candidate in
 *     {@value #SANDBOX_SESSION_HEADER}: the session as it was, though the primary may change it meanwhile (a checkout
 *     clears the cart). Costs the primary one Redis round trip on such a route. Only with {@code sandbox}; default none
 */
public record ShadowPolicy(long maxBodyBytes, int maxInFlight, Duration timeout, boolean learnNoise,
                           List<PointerPattern> redact, boolean sandbox, List<String> sandboxSession) {

  /** The header a sandboxed copy carries ({@code 1}); the edge removes it from clients' requests (X-Strangler-*). */
  public static final String SANDBOX_HEADER = "X-Strangler-Sandbox";
  /**
   * The session snapshot a sandboxed copy carries: base64url (no padding) of the JSON object of each
   * {@link #sandboxSession} attribute's JSON value, null when absent. The edge removes it from clients' requests.
   */
  public static final String SANDBOX_SESSION_HEADER = "X-Strangler-Sandbox-Session";

  public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
  public static final int DEFAULT_MAX_IN_FLIGHT = 32;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  public static final boolean DEFAULT_LEARN_NOISE = true;
  public static final boolean DEFAULT_SANDBOX = false;
  /** Bounds the reader accepts: past these a copy holds more memory or time than a comparison is worth. */
  public static final long MAX_BODY_BYTES = 64L * 1024 * 1024;
  public static final int MAX_IN_FLIGHT = 10_000;
  public static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);
  /** Attributes a snapshot may name: each is one more field of the primary's Redis read and more header bytes. */
  public static final int MAX_SANDBOX_SESSION_ATTRIBUTES = 8;

  public static final ShadowPolicy DEFAULTS = new ShadowPolicy(DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_IN_FLIGHT, DEFAULT_TIMEOUT,
      DEFAULT_LEARN_NOISE, List.of(), DEFAULT_SANDBOX, List.of());

  public ShadowPolicy {
    Objects.requireNonNull(timeout, "timeout == null");
    redact = redact == null ? List.of() : List.copyOf(redact);
    sandboxSession = sandboxSession == null ? List.of() : List.copyOf(sandboxSession);
  }

  /** Without a session snapshot. */
  public ShadowPolicy(long maxBodyBytes, int maxInFlight, Duration timeout, boolean learnNoise, List<PointerPattern> redact,
                      boolean sandbox) {
    this(maxBodyBytes, maxInFlight, timeout, learnNoise, redact, sandbox, List.of());
  }

  /** Without redaction, not sandboxed. */
  public ShadowPolicy(long maxBodyBytes, int maxInFlight, Duration timeout, boolean learnNoise) {
    this(maxBodyBytes, maxInFlight, timeout, learnNoise, List.of());
  }

  /** Not sandboxed. */
  public ShadowPolicy(long maxBodyBytes, int maxInFlight, Duration timeout, boolean learnNoise, List<PointerPattern> redact) {
    this(maxBodyBytes, maxInFlight, timeout, learnNoise, redact, DEFAULT_SANDBOX);
  }

  /**
   * Whether a sampled request of a route with side-effect class {@code sideEffect} is copied to {@code candidate}: a
   * safe or idempotent one always; an unsafe one only as a sandboxed copy, never to the monolith (which has no sandbox:
   * it would apply the write a second time, live).
   */
  public boolean copies(SideEffect sideEffect, String candidate) {
    return sideEffect != SideEffect.UNSAFE || (sandbox && !Target.LEGACY_BACKEND.equals(candidate));
  }

  /** Whether a sampled request's copy carries a session snapshot (read before the primary is forwarded). */
  public boolean snapshotsSession() {
    return sandbox && !sandboxSession.isEmpty();
  }

  /** Whether every field is its default (the writer then leaves the block out). */
  public boolean isDefault() {
    return equals(DEFAULTS);
  }
}
