package sell.event;

/** One entry of a shop's event log; json is exactly the text a socket sends. */
public record Event(String shopId, long seq, String type, String orderId, String json) {
    public static final String ORDER_CREATED = "order.created";
    public static final String ORDER_UPDATED = "order.updated";
    /** The buyer is waiting and rang the seller; the order itself did not change. */
    public static final String ORDER_REMINDED = "order.reminded";
}
