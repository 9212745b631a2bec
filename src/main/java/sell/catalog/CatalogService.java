package sell.catalog;

import java.math.BigDecimal;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import sell.core.Json;
import sell.core.Money;
import sell.core.Refusal;
import sell.db.Database;
import sell.event.CommitNotifier;
import sell.event.Event;
import sell.event.EventLog;

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

    /** A category as the seller's menu shows it. */
    public record CategoryView(String categoryName, int categoryType) {
    }

    public record Categories(List<CategoryView> categories) {
    }

    /** Every product of a shop, on sale or not: the seller's menu. */
    public record Products(List<ProductView> products) {
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
    private final EventLog log;
    private final CommitNotifier notifier;

    public CatalogService(Database db, CatalogRepository repository, ProductCache cache, CountedStock stock,
                          EventLog log, CommitNotifier notifier) {
        this.db = db;
        this.repository = repository;
        this.cache = cache;
        this.stock = stock;
        this.log = log;
        this.notifier = notifier;
    }

    /** Every product of the shop, on sale or not. */
    public Products products(String shopId) {
        return new Products(db.read(h -> repository.ofShop(h, shopId)).stream().map(ProductView::of).toList());
    }

    public Categories categories(String shopId) {
        return new Categories(db.read(h -> repository.categories(h, shopId)).stream()
                .map(c -> new CategoryView(c.categoryName(), c.categoryType())).toList());
    }

    /** Adds a category; its number must be new in the shop (409 otherwise). Pushed as category.updated. */
    public CategoryView addCategory(String shopId, int categoryType, String name) {
        CategoryView category = new CategoryView(name, categoryType);
        List<Event> events = new ArrayList<>();
        db.write(shopId, h -> {
            events.clear();
            if (repository.categoryExists(h, shopId, categoryType)) {
                throw new Refusal(Refusal.Kind.CONFLICT, "category_exists",
                        "categoryType " + categoryType + " is taken by another category", "categoryType");
            }
            repository.insertCategory(h, shopId, new CatalogRepository.Category(categoryType, name));
            events.add(log.appendAbout(h, shopId, Event.CATEGORY_UPDATED, "category", Json.write(category),
                    System.currentTimeMillis()));
            return null;
        });
        notifier.committed(events);
        return category;
    }

    /** Renames a category of the shop (404 when it has none of that number). Pushed as category.updated. */
    public CategoryView renameCategory(String shopId, int categoryType, String name) {
        CategoryView category = new CategoryView(name, categoryType);
        List<Event> events = new ArrayList<>();
        db.write(shopId, h -> {
            events.clear();
            if (repository.renameCategory(h, shopId, categoryType, name) == 0) {
                throw Refusal.notFound("no category " + categoryType);
            }
            events.add(log.appendAbout(h, shopId, Event.CATEGORY_UPDATED, "category", Json.write(category),
                    System.currentTimeMillis()));
            return null;
        });
        notifier.committed(events);
        return category;
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
        List<Event> events = new ArrayList<>();
        Product created = db.write(shopId, h -> {
            events.clear();
            int category = request.categoryType() != null ? request.categoryType() : firstCategory(h, shopId);
            if (!repository.categoryExists(h, shopId, category)) {
                throw Refusal.invalid("categoryType", "is not a category of this shop");
            }
            Product product = new Product(newId(), shopId, category, request.name(), request.priceCents(),
                    request.stock(), orEmpty(request.description()), orEmpty(request.icon()),
                    request.status() == null ? Product.ON_SALE : request.status());
            long now = System.currentTimeMillis();
            repository.insert(h, product, now);
            events.add(productUpdated(h, product, now));
            return product;
        });
        cache.put(created);
        notifier.committed(events);
        return ProductView.of(created);
    }

    public ProductView update(String shopId, String productId, ProductChange change) {
        checkStatus(change.status());
        List<Event> events = new ArrayList<>();
        Product changed = db.write(shopId, h -> {
            events.clear();
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
            long now = System.currentTimeMillis();
            repository.update(h, updated, now);
            stock.replaced(updated);
            events.add(productUpdated(h, updated, now));
            return updated;
        });
        cache.put(changed);
        notifier.committed(events);
        return ProductView.of(changed);
    }

    /** Every menu change reaches every tab of the shop: the product as it is now. */
    private Event productUpdated(org.jdbi.v3.core.Handle h, Product product, long now) {
        return log.appendAbout(h, product.shopId(), Event.PRODUCT_UPDATED, "product", Json.write(ProductView.of(product)), now);
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
