package sell.event;

/**
 * One entry of a shop's event log; json is exactly the text a socket sends. committedNanos is when
 * this instance knew it committed (System.nanoTime), 0 for events read back from the database.
 */
public record Event(String shopId, long seq, String type, String orderId, String json, long committedNanos) {
    public Event(String shopId, long seq, String type, String orderId, String json) {
        this(shopId, seq, type, orderId, json, 0);
    }

    /** The same event, known committed at nanos. */
    public Event committedAt(long nanos) {
        return new Event(shopId, seq, type, orderId, json, nanos);
    }

    public static final String ORDER_CREATED = "order.created";
    public static final String ORDER_UPDATED = "order.updated";
    /** The buyer is waiting and rang the seller; the order itself did not change. */
    public static final String ORDER_REMINDED = "order.reminded";
    /** A product of the menu was added or changed; the event carries it as it is now. */
    public static final String PRODUCT_UPDATED = "product.updated";
    /** A category of the menu was added or renamed. */
    public static final String CATEGORY_UPDATED = "category.updated";
}
