package com.acme.shop.cart;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import java.util.Map;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The session cart; works logged in or not, and survives login. */
@RestController
@RequestMapping("/api/cart")
public class CartController {

    private final CartService carts;

    public CartController(CartService carts) {
        this.carts = carts;
    }

    @GetMapping
    public CartView get(HttpServletRequest request) {
        return carts.view(CartSession.read(request));
    }

    @PostMapping("/items")
    public CartView add(@Valid @RequestBody AddToCartRequest item, HttpServletRequest request) {
        Map<String, Integer> cart = carts.add(CartSession.read(request), item.sku(), item.quantity());
        CartSession.write(request, cart);
        return carts.view(cart);
    }

    @DeleteMapping("/items/{sku}")
    public CartView remove(@PathVariable String sku, HttpServletRequest request) {
        Map<String, Integer> cart = carts.remove(CartSession.read(request), sku);
        CartSession.write(request, cart);
        return carts.view(cart);
    }
}
