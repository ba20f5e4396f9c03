package dev.strangler.catalog.events;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.strangler.catalog.readmodel.ProductProjection;
import dev.strangler.catalog.readmodel.ProductSnapshot;
import dev.strangler.servicekit.events.Event;
import dev.strangler.servicekit.events.EventEffect;
import dev.strangler.servicekit.events.EventHandler;
import java.util.Objects;
import java.util.Set;

/**
 * Maps the monolith's product events to the projection: {@code ProductCreated}, {@code ProductUpdated},
 * {@code PriceChanged} and {@code StockChanged} all carry the product's full new state, applied with the
 * event's sequence as its version. Any other type is refused, so it ends up in the dead-letter stream
 * where someone sees it, rather than being dropped.
 */
public final class ProductEventHandler implements EventHandler {

  public static final Set<String> TYPES = Set.of("ProductCreated", "ProductUpdated", "PriceChanged", "StockChanged");
  private static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

  private final ProductProjection projection;

  public ProductEventHandler(ProductProjection projection) {
    this.projection = Objects.requireNonNull(projection, "projection == null");
  }

  @Override
  public EventEffect effect(Event event) throws Exception {
    if (!"Product".equals(event.aggregateType()) || !TYPES.contains(event.type())) {
      throw new IllegalArgumentException("not a product event catalog-service applies: " + event.aggregateType() + " "
          + event.type());
    }
    ProductSnapshot snapshot = ProductSnapshot.fromJson(JSON.readTree(event.payload()));
    if (!snapshot.sku().equals(event.aggregateId())) {
      throw new IllegalArgumentException("payload sku " + snapshot.sku() + " is not the event's aggregate " + event.aggregateId());
    }
    return projection.eventEffect(snapshot, event.sequence());
  }
}
