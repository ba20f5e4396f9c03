package com.acme.shop.catalog;

import jakarta.validation.Valid;
import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The catalog JSON API. */
@RestController
@RequestMapping("/api")
public class CatalogController {

    private final CatalogService catalog;

    public CatalogController(CatalogService catalog) {
        this.catalog = catalog;
    }

    @GetMapping("/products")
    public ProductPage list(
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size,
            @RequestParam(required = false) String sort,
            @RequestParam(required = false) String category,
            @RequestParam(required = false) BigDecimal minPrice,
            @RequestParam(required = false) BigDecimal maxPrice,
            @RequestParam(required = false) Boolean inStock,
            @RequestParam(required = false) String q) {
        return catalog.search(ProductQuery.of(page, size, sort, category, minPrice, maxPrice, inStock, q));
    }

    @GetMapping("/products/{sku}")
    public Product get(@PathVariable String sku) {
        return catalog.get(sku);
    }

    @GetMapping("/categories")
    public List<Category> categories() {
        return catalog.categories();
    }

    @PostMapping("/products")
    public ResponseEntity<Product> create(@Valid @RequestBody NewProductRequest request) {
        Product created = catalog.create(request);
        return ResponseEntity.created(URI.create("/api/products/" + created.sku())).body(created);
    }

    @PutMapping("/products/{sku}")
    public Product update(@PathVariable String sku, @Valid @RequestBody UpdateProductRequest request) {
        return catalog.update(sku, request);
    }
}
