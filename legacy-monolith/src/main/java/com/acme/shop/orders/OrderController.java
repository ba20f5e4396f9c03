package com.acme.shop.orders;

import com.acme.shop.cart.CartSession;
import com.acme.shop.customers.LoginSession;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Checkout and the logged-in customer's orders. */
@RestController
@RequestMapping(OrderController.PATH)
public class OrderController {

    public static final String PATH = "/api/orders";

    private final OrderService orders;

    public OrderController(OrderService orders) {
        this.orders = orders;
    }

    /** Checks out the session cart; the cart is emptied only once the order is committed. */
    @PostMapping
    public ResponseEntity<Order> checkout(HttpServletRequest request) {
        long customerId = LoginSession.requireCustomerId(request);
        Order order = orders.place(customerId, CartSession.read(request));
        CartSession.clear(request);
        return ResponseEntity.created(URI.create("/api/orders/" + order.id())).body(order);
    }

    @GetMapping
    public OrderHistory history(HttpServletRequest request) {
        return orders.history(LoginSession.requireCustomerId(request));
    }

    @GetMapping("/{id}")
    public Order get(@PathVariable long id, HttpServletRequest request) {
        return orders.get(id, LoginSession.requireCustomerId(request));
    }
}
