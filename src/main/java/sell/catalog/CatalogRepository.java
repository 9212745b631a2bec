package sell.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import sell.db.Database;

public final class CatalogRepository {
    public record Category(int categoryType, String categoryName) {
    }

    private static final String COLUMNS = "product_id, shop_id, category_type, product_name, product_price, "
            + "product_stock, product_description, product_icon, product_status";
    private static final RowMapper<Product> PRODUCT = (rs, ctx) -> product(rs);

    private final Database db;

    public CatalogRepository(Database db) {
        this.db = db;
    }

    public List<Category> categories(Handle handle, String shopId) {
        return handle.createQuery("SELECT category_type, category_name FROM category WHERE shop_id = ? ORDER BY category_type")
                .bind(0, shopId)
                .map((rs, ctx) -> new Category(rs.getInt("category_type"), rs.getString("category_name")))
                .list();
    }

    public List<Product> onSale(Handle handle, String shopId) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM product WHERE shop_id = ? AND product_status = 'ON_SALE' "
                        + "ORDER BY category_type, create_time, product_id")
                .bind(0, shopId).map(PRODUCT).list();
    }

    /** Every product of the shop, on sale or not, by category and age. */
    public List<Product> ofShop(Handle handle, String shopId) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM product WHERE shop_id = ? "
                        + "ORDER BY category_type, create_time, product_id")
                .bind(0, shopId).map(PRODUCT).list();
    }

    public int renameCategory(Handle handle, String shopId, int categoryType, String name) {
        return db.update(handle, "UPDATE category SET category_name = ? WHERE shop_id = ? AND category_type = ?",
                name, shopId, categoryType);
    }

    public List<Product> all(Handle handle) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM product").map(PRODUCT).list();
    }

    public Optional<Product> find(Handle handle, String productId) {
        return db.one(handle, "SELECT " + COLUMNS + " FROM product WHERE product_id = ?", CatalogRepository::product,
                productId);
    }

    private static Product product(ResultSet rs) throws SQLException {
        return new Product(rs.getString("product_id"), rs.getString("shop_id"), rs.getInt("category_type"),
                rs.getString("product_name"), rs.getLong("product_price"), rs.getInt("product_stock"),
                rs.getString("product_description"), rs.getString("product_icon"), rs.getString("product_status"));
    }

    public boolean shopExists(Handle handle, String shopId) {
        return handle.createQuery("SELECT COUNT(*) FROM shop WHERE shop_id = ?").bind(0, shopId).mapTo(Integer.class).one() > 0;
    }

    public boolean categoryExists(Handle handle, String shopId, int categoryType) {
        return handle.createQuery("SELECT COUNT(*) FROM category WHERE shop_id = ? AND category_type = ?")
                .bind(0, shopId).bind(1, categoryType).mapTo(Integer.class).one() > 0;
    }

    public void insertCategory(Handle handle, String shopId, Category category) {
        handle.execute("INSERT INTO category (shop_id, category_type, category_name) VALUES (?, ?, ?)",
                shopId, category.categoryType(), category.categoryName());
    }

    public void insert(Handle handle, Product p, long now) {
        handle.execute("INSERT INTO product (" + COLUMNS + ", create_time, update_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                p.productId(), p.shopId(), p.categoryType(), p.productName(), p.priceCents(), p.stock(),
                p.description(), p.icon(), p.status(), now, now);
    }

    public void update(Handle handle, Product p, long now) {
        handle.execute("UPDATE product SET category_type = ?, product_name = ?, product_price = ?, product_stock = ?, "
                        + "product_description = ?, product_icon = ?, product_status = ?, update_time = ? WHERE product_id = ?",
                p.categoryType(), p.productName(), p.priceCents(), p.stock(), p.description(), p.icon(), p.status(),
                now, p.productId());
    }
}
