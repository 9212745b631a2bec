package sell.shop;

/** A seller's shop: owns products, orders and one event log (named by its epoch). */
public record Shop(String shopId, String shopName, String epoch) {
    public static final String DEFAULT_ID = "default";
}
