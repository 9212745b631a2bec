package sell.order;

import java.util.List;

/** An order as stored: amounts in cents, times in epoch milliseconds. */
public record Order(String orderId, String shopId, String buyerName, String buyerPhone, String buyerAddress,
                    String buyerOpenid, long amountCents, String status, String payStatus, long createTime,
                    long updateTime, List<Item> items) {
    public static final String NEW = "NEW";
    public static final String FINISHED = "FINISHED";
    public static final String CANCELLED = "CANCELLED";
    /** Every order status, as the schema allows them. */
    public static final java.util.List<String> STATUSES = java.util.List.of(NEW, FINISHED, CANCELLED);
    public static final String WAIT = "WAIT";
    public static final String SUCCESS = "SUCCESS";

    public record Item(String productId, String productName, long priceCents, int quantity, String icon) {
    }

    /** The order as it was created: what its order.created event carries. */
    public Order asCreated() {
        return new Order(orderId, shopId, buyerName, buyerPhone, buyerAddress, buyerOpenid, amountCents, NEW, WAIT,
                createTime, createTime, items);
    }

    public Order with(String newStatus, String newPayStatus, long now) {
        return new Order(orderId, shopId, buyerName, buyerPhone, buyerAddress, buyerOpenid, amountCents, newStatus,
                newPayStatus, createTime, now, items);
    }
}
