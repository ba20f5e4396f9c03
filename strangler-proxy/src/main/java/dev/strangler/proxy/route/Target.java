package dev.strangler.proxy.route;

import java.util.Objects;

/** Where a matched request goes: exactly one of five kinds (a new kind is a compile error wherever it matters). */
public sealed interface Target {

  /** The name of the backend that is always the monolith. */
  String LEGACY_BACKEND = "legacy";

  /** The monolith serves. */
  record Legacy() implements Target {}

  /** A named extracted service serves. */
  record Extracted(String backend) implements Target {
    public Extracted {
      Objects.requireNonNull(backend, "backend == null");
    }
  }

  /**
   * {@code percent} of cohorts go to {@code backend}, the rest to the monolith; sticky per cohort,
   * and raising the percent only adds cohorts.
   */
  record Canary(String backend, int percent, Cohort cohort) implements Target {
    public Canary {
      Objects.requireNonNull(backend, "backend == null");
      Objects.requireNonNull(cohort, "cohort == null");
    }
  }

  /** {@code primary} serves the client; {@code candidate} gets a copy of {@code percent} of requests. */
  record Shadow(String primary, String candidate, int percent) implements Target {
    public Shadow {
      Objects.requireNonNull(primary, "primary == null");
      Objects.requireNonNull(candidate, "candidate == null");
    }
  }

  /** The proxy answers itself: maintenance pages, 410 Gone. */
  record Direct(int status, String contentType, String body) implements Target {
    public static final String DEFAULT_CONTENT_TYPE = "text/plain; charset=utf-8";

    public Direct {
      contentType = contentType == null ? DEFAULT_CONTENT_TYPE : contentType;
      body = body == null ? "" : body;
    }
  }

  /** The backend that answers the client under this target when no cohort picks the extracted side. */
  default String primaryBackend() {
    return switch (this) {
      case Legacy l -> LEGACY_BACKEND;
      case Extracted e -> e.backend();
      case Canary c -> LEGACY_BACKEND;
      case Shadow s -> s.primary();
      case Direct d -> null;
    };
  }
}
