package sell.catalog;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import sell.db.Database;

/**
 * Every product's name, price, icon, shop and sale status in memory, so that an order is priced
 * before it reaches the writer. Stock is not kept here: the writer takes it with a conditional
 * update, which also checks that the product is still as the order shows it (another instance
 * may have changed it; the order is then priced again from what the database holds).
 */
public final class ProductCache {
    private final Map<String, Product> byId = new ConcurrentHashMap<>();
    private final Database db;
    private final CatalogRepository repository;

    public ProductCache(Database db, CatalogRepository repository) {
        this.db = db;
        this.repository = repository;
        db.read(h -> {
            repository.all(h).forEach(p -> byId.put(p.productId(), p));
            return null;
        });
    }

    /** The product as last seen; one not seen yet (added by another instance, or unknown) is read from the database. */
    public Optional<Product> get(String productId) {
        Product known = byId.get(productId);
        if (known != null) return Optional.of(known);
        Optional<Product> stored = db.read(h -> repository.find(h, productId));
        stored.ifPresent(this::put);
        return stored;
    }

    /** Called after a product was created or changed, and when an order found the cache behind. */
    public void put(Product product) {
        byId.put(product.productId(), product);
    }
}
