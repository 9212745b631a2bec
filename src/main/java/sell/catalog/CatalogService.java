package sell.catalog;

import java.math.BigDecimal;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import sell.core.Money;
import sell.core.Refusal;
import sell.db.Database;

/** The menu buyers read and the products sellers keep. */
public final class CatalogService {
    public static final long MAX_PRICE_CENTS = 100_000_000L;
    public static final int MAX_STOCK = 1_000_000_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    public record MenuProduct(String productId, String productName, BigDecimal productPrice, int productStock,
                              String productDescription, String productIcon) {
    }

    public record MenuCategory(String categoryName, int categoryType, List<MenuProduct> products) {
    }

    public record Menu(List<MenuCategory> categories) {
    }

    /** A product to add: categoryType and status may be null (the shop's first category; on sale). */
    public record NewProduct(String name, long priceCents, int stock, String description, String icon,
                             Integer categoryType, String status) {
    }

    /** A change of a product: each field null when it stays as it is. */
    public record ProductChange(String name, Long priceCents, Integer stock, String description, String icon,
                                Integer categoryType, String status) {
    }

    public record ProductView(String productId, String productName, BigDecimal productPrice, int productStock,
                              String productDescription, String productIcon, int categoryType, String productStatus) {
        static ProductView of(Product p) {
            return new ProductView(p.productId(), p.productName(), Money.toJson(p.priceCents()), p.stock(),
                    p.description(), p.icon(), p.categoryType(), p.status());
        }
    }

    private final Database db;
    private final CatalogRepository repository;
    private final ProductCache cache;
    private final CountedStock stock;

    public CatalogService(Database db, CatalogRepository repository, ProductCache cache, CountedStock stock) {
        this.db = db;
        this.repository = repository;
        this.cache = cache;
        this.stock = stock;
    }

    /** On-sale products grouped by category; categories without any are left out. */
    public Menu menu(String shopId) {
        return db.read(h -> {
            if (!repository.shopExists(h, shopId)) throw Refusal.notFound("no shop " + shopId);
            List<Product> products = repository.onSale(h, shopId);
            List<MenuCategory> categories = new ArrayList<>();
            for (CatalogRepository.Category category : repository.categories(h, shopId)) {
                List<MenuProduct> inCategory = products.stream()
                        .filter(p -> p.categoryType() == category.categoryType())
                        .map(p -> new MenuProduct(p.productId(), p.productName(), Money.toJson(p.priceCents()),
                                p.stock(), p.description(), p.icon()))
                        .toList();
                if (!inCategory.isEmpty()) {
                    categories.add(new MenuCategory(category.categoryName(), category.categoryType(), inCategory));
                }
            }
            return new Menu(categories);
        });
    }

    public ProductView create(String shopId, NewProduct request) {
        checkStatus(request.status());
        Product created = db.write(shopId, h -> {
            int category = request.categoryType() != null ? request.categoryType() : firstCategory(h, shopId);
            if (!repository.categoryExists(h, shopId, category)) {
                throw Refusal.invalid("categoryType", "is not a category of this shop");
            }
            Product product = new Product(newId(), shopId, category, request.name(), request.priceCents(),
                    request.stock(), orEmpty(request.description()), orEmpty(request.icon()),
                    request.status() == null ? Product.ON_SALE : request.status());
            repository.insert(h, product, System.currentTimeMillis());
            return product;
        });
        cache.put(created);
        return ProductView.of(created);
    }

    public ProductView update(String shopId, String productId, ProductChange change) {
        checkStatus(change.status());
        Product changed = db.write(shopId, h -> {
            Product old = repository.find(h, productId)
                    .filter(p -> p.shopId().equals(shopId))
                    .orElseThrow(() -> Refusal.notFound("no product " + productId));
            if (change.categoryType() != null && !repository.categoryExists(h, shopId, change.categoryType())) {
                throw Refusal.invalid("categoryType", "is not a category of this shop");
            }
            // orders of this batch may have taken stock that the row does not show yet
            int counted = stock.product(h, productId).map(CountedStock.Counted::stock).orElse(old.stock());
            Product updated = new Product(productId, shopId,
                    change.categoryType() != null ? change.categoryType() : old.categoryType(),
                    change.name() != null ? change.name() : old.productName(),
                    change.priceCents() != null ? change.priceCents() : old.priceCents(),
                    change.stock() != null ? change.stock() : counted,
                    change.description() != null ? change.description() : old.description(),
                    change.icon() != null ? change.icon() : old.icon(),
                    change.status() != null ? change.status() : old.status());
            repository.update(h, updated, System.currentTimeMillis());
            stock.replaced(updated);
            return updated;
        });
        cache.put(changed);
        return ProductView.of(changed);
    }

    private static void checkStatus(String status) {
        if (status != null && !status.equals(Product.ON_SALE) && !status.equals(Product.OFF_SALE)) {
            throw Refusal.invalid("productStatus", "must be ON_SALE or OFF_SALE");
        }
    }

    private int firstCategory(org.jdbi.v3.core.Handle h, String shopId) {
        return repository.categories(h, shopId).stream().findFirst()
                .map(CatalogRepository.Category::categoryType)
                .orElseThrow(() -> Refusal.invalid("categoryType", "is required: this shop has no category yet"));
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static String newId() {
        return "p" + Long.toString(System.currentTimeMillis(), 36) + Integer.toString(RANDOM.nextInt(1 << 30), 36);
    }
}
