package com.acme.shop.reservations;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The internal API other services call ({@code /internal/**}).
 *
 * @param token the bearer token callers must send ({@code acme.internal.token}, env {@code ACME_INTERNAL_TOKEN});
 *     unset or blank (the default): the internal API is off and its paths answer 404
 */
@ConfigurationProperties("acme.internal")
public record InternalApiProperties(String token) {

    /** A token shorter than this is accepted but warned about at start. */
    public static final int RECOMMENDED_TOKEN_LENGTH = 32;

    public boolean enabled() {
        return token != null && !token.isBlank();
    }
}
