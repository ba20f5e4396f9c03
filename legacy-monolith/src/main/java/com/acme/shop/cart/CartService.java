package com.acme.shop.cart;

import com.acme.shop.catalog.Product;
import com.acme.shop.catalog.ProductRepository;
import com.acme.shop.web.errors.BadRequestException;
import com.acme.shop.web.errors.NotFoundException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/** Cart rules: only existing products, at most {@value #MAX_QUANTITY} of one product. */
@Service
public class CartService {

    public static final int MAX_QUANTITY = 99;

    private final ProductRepository products;

    public CartService(ProductRepository products) {
        this.products = products;
    }

    public Map<String, Integer> add(Map<String, Integer> cart, String sku, int quantity) {
        if (!products.exists(sku)) {
            throw new NotFoundException("no product with sku '" + sku + "'");
        }
        int total = cart.getOrDefault(sku, 0) + quantity;
        if (total > MAX_QUANTITY) {
            throw new BadRequestException("quantity",
                    "at most " + MAX_QUANTITY + " of one product per order; the cart already holds " + cart.getOrDefault(sku, 0));
        }
        Map<String, Integer> updated = new LinkedHashMap<>(cart);
        updated.put(sku, total);
        return updated;
    }

    public Map<String, Integer> remove(Map<String, Integer> cart, String sku) {
        if (!cart.containsKey(sku)) {
            throw new NotFoundException("sku '" + sku + "' is not in the cart");
        }
        Map<String, Integer> updated = new LinkedHashMap<>(cart);
        updated.remove(sku);
        return updated;
    }

    /** Prices the cart; a product deleted since it was added is silently left out. */
    public CartView view(Map<String, Integer> cart) {
        Map<String, Product> bySku = products.findAll(List.copyOf(cart.keySet())).stream()
                .collect(Collectors.toMap(Product::sku, Function.identity()));
        List<CartView.Line> lines = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO.setScale(2);
        int items = 0;
        for (Map.Entry<String, Integer> entry : cart.entrySet()) {
            Product product = bySku.get(entry.getKey());
            if (product == null) {
                continue;
            }
            BigDecimal lineTotal = product.price().multiply(BigDecimal.valueOf(entry.getValue()));
            lines.add(new CartView.Line(product.sku(), product.name(), product.price(), entry.getValue(), lineTotal));
            total = total.add(lineTotal);
            items += entry.getValue();
        }
        return new CartView(lines, items, total);
    }
}
