package com.acme.shop.customers;

import com.acme.shop.web.errors.UnauthorizedException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.Optional;

/**
 * Who is logged in, as kept in the HTTP session. Attributes are JSON-native (a number and a string)
 * because the session is stored as plain JSON in Redis and read by other services too.
 */
public final class LoginSession {

    public static final String CUSTOMER_ID = "customerId";
    public static final String CUSTOMER_EMAIL = "customerEmail";

    private LoginSession() {}

    /** Logs {@code customer} in, rotating the session id so a planted id is worthless. */
    public static void logIn(HttpServletRequest request, Customer customer) {
        HttpSession session = request.getSession(true);
        request.changeSessionId();
        session.setAttribute(CUSTOMER_ID, customer.id());
        session.setAttribute(CUSTOMER_EMAIL, customer.email());
    }

    public static void logOut(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
    }

    public static Optional<Long> customerId(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        // Read back from JSON as Integer or Long depending on size, hence Number.
        if (session != null && session.getAttribute(CUSTOMER_ID) instanceof Number id) {
            return Optional.of(id.longValue());
        }
        return Optional.empty();
    }

    public static long requireCustomerId(HttpServletRequest request) {
        return customerId(request).orElseThrow(() -> new UnauthorizedException("log in first"));
    }
}
