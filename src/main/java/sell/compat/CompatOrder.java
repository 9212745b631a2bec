package sell.compat;

import java.math.BigDecimal;
import java.util.List;
import sell.core.Money;
import sell.order.Order;

/**
 * An order as the tutorial's buyer API shows it: statuses as integers (0 new, 1 finished, 2
 * cancelled; 0 waiting, 1 paid), times in Unix seconds, and its lines as orderDetailList, which
 * a list of orders leaves null.
 */
record CompatOrder(String orderId, String buyerName, String buyerPhone, String buyerAddress, String buyerOpenid,
                   BigDecimal orderAmount, int orderStatus, int payStatus, long createTime, long updateTime,
                   List<Detail> orderDetailList) {

    /** One line of the order; detailId names it among every order's lines. */
    record Detail(String detailId, String orderId, String productId, String productName, BigDecimal productPrice,
                  int productQuantity, String productIcon) {
    }

    /** The order with its lines, as the detail endpoint shows it. */
    static CompatOrder withDetails(Order o) {
        List<Detail> details = new java.util.ArrayList<>(o.items().size());
        for (int i = 0; i < o.items().size(); i++) {
            Order.Item item = o.items().get(i);
            details.add(new Detail(o.orderId() + "-" + (i + 1), o.orderId(), item.productId(), item.productName(),
                    Money.toJson(item.priceCents()), item.quantity(), item.icon()));
        }
        return of(o, List.copyOf(details));
    }

    /** The order without its lines, as the list endpoint shows it. */
    static CompatOrder listed(Order o) {
        return of(o, null);
    }

    private static CompatOrder of(Order o, List<Detail> details) {
        return new CompatOrder(o.orderId(), o.buyerName(), o.buyerPhone(), o.buyerAddress(), o.buyerOpenid(),
                Money.toJson(o.amountCents()), orderStatus(o.status()), o.payStatus().equals(Order.SUCCESS) ? 1 : 0,
                o.createTime() / 1000, o.updateTime() / 1000, details);
    }

    private static int orderStatus(String status) {
        return switch (status) {
            case Order.NEW -> 0;
            case Order.FINISHED -> 1;
            case Order.CANCELLED -> 2;
            default -> throw new IllegalArgumentException("no tutorial status for " + status);
        };
    }
}
