package com.acme.shop.cart;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cart as a session attribute: a JSON object of SKU to quantity, e.g. {@code {"ACME-00001":2}},
 * so the strangler proxy or a new cart service can read it straight from Redis.
 */
public final class CartSession {

    public static final String ATTRIBUTE = "cart";

    private CartSession() {}

    /** A copy of the cart in insertion order; empty when there is no session or no cart. */
    public static Map<String, Integer> read(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Map<String, Integer> cart = new LinkedHashMap<>();
        if (session != null && session.getAttribute(ATTRIBUTE) instanceof Map<?, ?> stored) {
            stored.forEach((sku, quantity) -> {
                if (sku instanceof String s && quantity instanceof Number n && n.intValue() > 0) {
                    cart.put(s, n.intValue());
                }
            });
        }
        return cart;
    }

    /**
     * Stores the whole cart again: Spring Session only saves attributes that were set, so an
     * in-place change to the map would never reach Redis.
     */
    public static void write(HttpServletRequest request, Map<String, Integer> cart) {
        if (cart.isEmpty()) {
            clear(request);
            return;
        }
        request.getSession(true).setAttribute(ATTRIBUTE, new LinkedHashMap<>(cart));
    }

    public static void clear(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.removeAttribute(ATTRIBUTE);
        }
    }
}
