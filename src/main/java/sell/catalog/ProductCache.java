package sell.catalog;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import sell.db.Database;

/**
 * Every product's name, price, icon, shop and sale status in memory, so that an order is priced
 * before it reaches the single writer. Stock is not kept here: the writer takes it with a
 * conditional update, which also checks that the price it was sold at is still the price.
 */
public final class ProductCache {
    private final Map<String, Product> byId = new ConcurrentHashMap<>();

    public ProductCache(Database db, CatalogRepository repository) {
        db.read(h -> {
            repository.all(h).forEach(p -> byId.put(p.productId(), p));
            return null;
        });
    }

    public Optional<Product> get(String productId) {
        return Optional.ofNullable(byId.get(productId));
    }

    /** Called after a product was created or changed, and when an order found the cache behind. */
    public void put(Product product) {
        byId.put(product.productId(), product);
    }
}
