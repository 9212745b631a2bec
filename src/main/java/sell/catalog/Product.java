package sell.catalog;

/** A product of a shop's menu; price in cents. */
public record Product(String productId, String shopId, int categoryType, String productName, long priceCents,
                      int stock, String description, String icon, String status) {
    public static final String ON_SALE = "ON_SALE";
    public static final String OFF_SALE = "OFF_SALE";

    public boolean onSale() {
        return ON_SALE.equals(status);
    }
}
