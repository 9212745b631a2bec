package sell.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import sell.db.Database;
import sell.http.ApiError;
import sell.http.Fields;
import sell.http.Money;

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

    public CatalogService(Database db, CatalogRepository repository, ProductCache cache) {
        this.db = db;
        this.repository = repository;
        this.cache = cache;
    }

    /** On-sale products grouped by category; categories without any are left out. */
    public Menu menu(String shopId) {
        return db.read(h -> {
            if (h.createQuery("SELECT COUNT(*) FROM shop WHERE shop_id = ?").bind(0, shopId).mapTo(Integer.class).one() == 0) {
                throw ApiError.notFound("no shop " + shopId);
            }
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

    public ProductView create(String shopId, JsonNode body) {
        String name = Fields.text(body, "productName", "productName", 64);
        Long price = Fields.optionalCents(body, "productPrice", "productPrice", MAX_PRICE_CENTS);
        if (price == null) throw ApiError.invalid("productPrice", "is required");
        int stock = Fields.integer(body, "productStock", "productStock", 0, MAX_STOCK);
        String description = optional(Fields.optionalText(body, "productDescription", "productDescription", 500));
        String icon = optional(Fields.optionalText(body, "productIcon", "productIcon", 500));
        Integer categoryType = Fields.optionalInteger(body, "categoryType", "categoryType", 0, 1_000_000);
        String status = status(body);
        Product created = db.write(h -> {
            int category = categoryType != null ? categoryType : firstCategory(h, shopId);
            if (!repository.categoryExists(h, shopId, category)) {
                throw ApiError.invalid("categoryType", "is not a category of this shop");
            }
            Product product = new Product(newId(), shopId, category, name, price, stock, description, icon,
                    status == null ? Product.ON_SALE : status);
            repository.insert(h, product, System.currentTimeMillis());
            return product;
        });
        cache.put(created);
        return ProductView.of(created);
    }

    public ProductView update(String shopId, String productId, JsonNode body) {
        String name = Fields.optionalText(body, "productName", "productName", 64);
        Long price = Fields.optionalCents(body, "productPrice", "productPrice", MAX_PRICE_CENTS);
        Integer stock = Fields.optionalInteger(body, "productStock", "productStock", 0, MAX_STOCK);
        String description = Fields.optionalText(body, "productDescription", "productDescription", 500);
        String icon = Fields.optionalText(body, "productIcon", "productIcon", 500);
        Integer categoryType = Fields.optionalInteger(body, "categoryType", "categoryType", 0, 1_000_000);
        String status = status(body);
        Product changed = db.write(h -> {
            Product old = repository.find(h, productId)
                    .filter(p -> p.shopId().equals(shopId))
                    .orElseThrow(() -> ApiError.notFound("no product " + productId));
            if (categoryType != null && !repository.categoryExists(h, shopId, categoryType)) {
                throw ApiError.invalid("categoryType", "is not a category of this shop");
            }
            Product updated = new Product(productId, shopId,
                    categoryType != null ? categoryType : old.categoryType(),
                    name != null ? name : old.productName(),
                    price != null ? price : old.priceCents(),
                    stock != null ? stock : old.stock(),
                    description != null ? description : old.description(),
                    icon != null ? icon : old.icon(),
                    status != null ? status : old.status());
            repository.update(h, updated, System.currentTimeMillis());
            return updated;
        });
        cache.put(changed);
        return ProductView.of(changed);
    }

    private static String status(JsonNode body) {
        String status = Fields.optionalText(body, "productStatus", "productStatus", 16);
        if (status != null && !status.equals(Product.ON_SALE) && !status.equals(Product.OFF_SALE)) {
            throw ApiError.invalid("productStatus", "must be ON_SALE or OFF_SALE");
        }
        return status;
    }

    private int firstCategory(org.jdbi.v3.core.Handle h, String shopId) {
        return repository.categories(h, shopId).stream().findFirst()
                .map(CatalogRepository.Category::categoryType)
                .orElseThrow(() -> ApiError.invalid("categoryType", "is required: this shop has no category yet"));
    }

    private static String optional(String value) {
        return value == null ? "" : value;
    }

    private static String newId() {
        return "p" + Long.toString(System.currentTimeMillis(), 36) + Integer.toString(RANDOM.nextInt(1 << 30), 36);
    }
}
