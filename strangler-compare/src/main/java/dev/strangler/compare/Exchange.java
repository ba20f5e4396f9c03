package dev.strangler.compare;

import java.util.Objects;
import java.util.Optional;

/**
 * What one comparison looks at: the legacy answer, the candidate's, and optionally a second legacy answer
 * to the same request, whose differences from the first are learned noise.
 */
public record Exchange(String routeId, Response legacy, Response candidate, Optional<Response> legacyAgain) {

    public Exchange {
        Objects.requireNonNull(routeId, "routeId == null");
        Objects.requireNonNull(legacy, "legacy == null");
        Objects.requireNonNull(candidate, "candidate == null");
        Objects.requireNonNull(legacyAgain, "legacyAgain == null");
    }

    public static Exchange of(String routeId, Response legacy, Response candidate) {
        return new Exchange(routeId, legacy, candidate, Optional.empty());
    }

    public static Exchange withLegacyAgain(String routeId, Response legacy, Response legacyAgain, Response candidate) {
        return new Exchange(routeId, legacy, candidate, Optional.of(legacyAgain));
    }
}
