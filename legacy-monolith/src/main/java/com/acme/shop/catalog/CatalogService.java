package com.acme.shop.catalog;

import com.acme.shop.outbox.OutboxWriter;
import com.acme.shop.web.errors.BadRequestException;
import com.acme.shop.web.errors.ConflictException;
import com.acme.shop.web.errors.NotFoundException;
import java.time.Clock;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads and changes the catalog; every change appends its event in the same transaction. */
@Service
public class CatalogService {

    private final ProductRepository products;
    private final OutboxWriter outbox;
    private final Clock clock;

    public CatalogService(ProductRepository products, OutboxWriter outbox, Clock clock) {
        this.products = products;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public ProductPage search(ProductQuery query) {
        return products.search(query, clock.instant());
    }

    @Transactional(readOnly = true)
    public Product get(String sku) {
        return products.find(sku).orElseThrow(() -> new NotFoundException("no product with sku '" + sku + "'"));
    }

    @Transactional(readOnly = true)
    public List<Category> categories() {
        return products.categories();
    }

    @Transactional
    public Product create(NewProductRequest request) {
        requireCategory(request.category());
        if (products.exists(request.sku())) {
            throw duplicate(request.sku());
        }
        try {
            Product created = products.insert(request.toProduct());
            outbox.append(ProductEvents.created(created));
            return created;
        } catch (DuplicateKeyException raced) {
            throw duplicate(request.sku());
        }
    }

    /** One event per update: PriceChanged when the price moved, else ProductUpdated; both carry the full state. */
    @Transactional
    public Product update(String sku, UpdateProductRequest request) {
        Product before = products.findForUpdate(sku)
                .orElseThrow(() -> new NotFoundException("no product with sku '" + sku + "'"));
        requireCategory(request.category());
        Product after = products.update(new Product(sku, request.name().trim(),
                request.description() == null ? "" : request.description(),
                request.price(), request.category(), before.stock(), null));
        boolean priceChanged = before.price().compareTo(after.price()) != 0;
        outbox.append(priceChanged ? ProductEvents.priceChanged(after, before.price()) : ProductEvents.updated(after));
        return after;
    }

    private void requireCategory(String category) {
        if (!products.categoryExists(category)) {
            throw new BadRequestException("category", "unknown category '" + category + "'");
        }
    }

    private static ConflictException duplicate(String sku) {
        return new ConflictException("a product with sku '" + sku + "' already exists");
    }
}
