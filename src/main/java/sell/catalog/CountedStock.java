package sell.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import sell.db.BatchMemory;
import sell.db.Database;
import sell.db.Statements;

/**
 * The stock of the products a batch of writes sells, counted in memory and written once per batch
 * and product, instead of one statement per order line (on PostgreSQL each is a round trip, and
 * every update of a row leaves a version of it behind). A product is read the first time a batch
 * needs it, inside the batch's transaction and under its shop's lock: nothing else changes it
 * until the commit, so the count is exact. A write that fails gives back what it counted (see
 * BatchMemory). Writer thread only.
 */
public final class CountedStock implements BatchMemory {
    /**
     * A product as an order sees it: what it may be sold as, how many are left, and how many its
     * row holds now (until the batch writes its count).
     */
    public record Counted(String productId, String shopId, String status, long priceCents, String name, String icon,
                          int stock, int stockInRow) {
        public boolean sellsAs(long price, String productName, String productIcon) {
            return status.equals(Product.ON_SALE) && priceCents == price && name.equals(productName)
                    && icon.equals(productIcon);
        }

        Counted withStock(int newStock) {
            return new Counted(productId, shopId, status, priceCents, name, icon, newStock, stockInRow);
        }
    }

    private record Undo(String productId, Counted before) {
    }

    /** The batch's products as counted; newest last, each product's count before every change (null: not read yet). */
    private static final class Counts {
        final Map<String, Counted> counted = new HashMap<>();
        final List<Undo> undo = new ArrayList<>();
    }

    private final Database db;
    private final Counts batch = new Counts();

    public CountedStock(Database db) {
        this.db = db;
        db.keep(this);
    }

    /**
     * Reads, with the batch's first reads, the products its writes named (reads) that belong to
     * its shops: those of another shop are not kept out of other writers by this batch's lock.
     */
    @Override
    public void begin(Handle handle, List<String> shops, List<String> reads) {
        if (reads.isEmpty()) return;
        Statements.InList in = Statements.InList.of(reads);
        db.readAhead(handle, PRODUCT + " IN (" + in.placeholders() + ")", rs -> {
            Counted product = counted(rs);
            if (!batch.counted.containsKey(product.productId()) && shops.contains(product.shopId())) set(product, null);
            return null;
        }, in.values());
    }

    /** The product as the batch counts it, read on first use; empty when there is none. */
    public Optional<Counted> product(Handle handle, String productId) {
        Counted known = batch.counted.get(productId);
        if (known != null) return Optional.of(known);
        Optional<Counted> read = db.one(handle, PRODUCT + " = ?", CountedStock::counted, productId);
        read.ifPresent(product -> {
            // only a write that names the product's shop keeps other writers of it out
            db.requireWriting(product.shopId());
            set(product, null);
        });
        return read;
    }

    private static final String PRODUCT = "SELECT product_id, shop_id, product_status, product_price, product_name, "
            + "product_icon, product_stock FROM product WHERE product_id";

    private static Counted counted(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Counted(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                rs.getString(6), rs.getInt(7), rs.getInt(7));
    }

    /**
     * Takes quantity if enough is left and the product is still on sale as the order shows it
     * (price, name, icon: another instance may have changed it since this one's cache saw it).
     */
    public boolean take(Handle handle, String productId, int quantity, long priceCents, String name, String icon) {
        Counted product = product(handle, productId).orElse(null);
        if (product == null || !product.sellsAs(priceCents, name, icon) || product.stock() < quantity) return false;
        set(product.withStock(product.stock() - quantity), product);
        return true;
    }

    /**
     * Gives back what an order took. Stock moves with orders and leaves update_time, which
     * records the seller's edits, alone.
     */
    public void giveBack(Handle handle, String productId, int quantity) {
        product(handle, productId).ifPresent(product -> set(product.withStock(product.stock() + quantity), product));
    }

    /** A seller's edit of the product, already written: the batch counts on from it. */
    public void replaced(Product product) {
        Counted before = batch.counted.get(product.productId());
        if (before == null) return;
        set(new Counted(product.productId(), product.shopId(), product.status(), product.priceCents(),
                product.productName(), product.icon(), product.stock(), product.stock()), before);
    }

    private void set(Counted now, Counted before) {
        batch.undo.add(new Undo(now.productId(), before));
        batch.counted.put(now.productId(), now);
    }

    @Override
    public int mark() {
        return batch.undo.size();
    }

    @Override
    public void rollbackTo(int mark) {
        for (int i = batch.undo.size() - 1; i >= mark; i--) {
            Undo step = batch.undo.remove(i);
            if (step.before() == null) batch.counted.remove(step.productId());
            else batch.counted.put(step.productId(), step.before());
        }
    }

    /** Writes the stock of every product whose count moved, once each. */
    @Override
    public void flush(Handle handle) {
        for (Counted product : batch.counted.values()) {
            if (product.stock() == product.stockInRow()) continue;
            db.change(handle, "UPDATE product SET product_stock = ? WHERE product_id = ?", product.stock(),
                    product.productId());
        }
    }

    @Override
    public void committed() {
        batch.undo.clear();
        batch.counted.clear();
    }
}
