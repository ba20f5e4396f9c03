package com.acme.shop.reservations;

import com.acme.shop.web.errors.UnauthorizedException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Lets a request to the internal API through only with {@code Authorization: Bearer <token>}.
 * Both sides are hashed before a constant-time comparison, so neither the token's characters nor
 * its length leak through timing.
 */
final class InternalTokenInterceptor implements HandlerInterceptor {

    private static final String BEARER = "Bearer ";

    private final byte[] expected;

    InternalTokenInterceptor(String token) {
        this.expected = sha256(token);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        boolean bearer = authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length());
        String given = bearer ? authorization.substring(BEARER.length()).trim() : "";
        if (!MessageDigest.isEqual(expected, sha256(given)) || !bearer) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            throw new UnauthorizedException("the internal API needs Authorization: Bearer <the internal token>");
        }
        return true;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
