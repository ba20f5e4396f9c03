package com.acme.shop.infra;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * The id that ties a request to the events it causes: the caller's {@code X-Request-Id} when it is a
 * plain token (the strangler proxy always sends one), else one made up here. Written with each
 * outbox event so the request can be followed through the streams to every consumer.
 */
public final class CorrelationId {

    /** The strangler proxy's rule for a request id it keeps: the same one here. */
    private static final Pattern PLAIN_TOKEN = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final String ATTRIBUTE = CorrelationId.class.getName();

    private CorrelationId() {}

    /** The request's own id when it is a plain token, else {@code generated}. */
    static String choose(String sent, String generated) {
        return sent != null && PLAIN_TOKEN.matcher(sent).matches() ? sent : generated;
    }

    static void bind(HttpServletRequest request, String id) {
        request.setAttribute(ATTRIBUTE, id);
    }

    /** The correlation id of the request this thread is serving; empty outside a request (seeding, scheduled work). */
    public static Optional<String> current() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        if (attributes == null) {
            return Optional.empty();
        }
        return Optional.ofNullable((String) attributes.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST));
    }

    static String generate() {
        return UUID.randomUUID().toString();
    }
}
