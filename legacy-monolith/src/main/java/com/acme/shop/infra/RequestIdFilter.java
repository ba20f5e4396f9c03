package com.acme.shop.infra;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every response a fresh {@code X-Request-Id} and puts it in the log context, and binds the
 * request's {@link CorrelationId} (the incoming id when it is a plain token, else the fresh one).
 *
 * <p>Like many real apps, the response's id is always generated here, never taken from the request:
 * it is per-response noise that a shadowing proxy has to learn to ignore. Only the events a request
 * causes carry the caller's id.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIdFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-Request-Id";
    private static final String MDC_KEY = "requestId";
    private static final String MDC_CORRELATION_KEY = "correlationId";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String id = CorrelationId.generate();
        String correlationId = CorrelationId.choose(request.getHeader(HEADER), id);
        CorrelationId.bind(request, correlationId);
        response.setHeader(HEADER, id);
        MDC.put(MDC_KEY, id);
        MDC.put(MDC_CORRELATION_KEY, correlationId);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(MDC_KEY);
            MDC.remove(MDC_CORRELATION_KEY);
        }
    }
}
