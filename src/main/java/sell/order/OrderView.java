package sell.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import sell.core.Money;

/** The public shape of an order, the same in every answer and inside events. */
public record OrderView(String orderId, String buyerName, String buyerPhone, String buyerAddress, String buyerOpenid,
                        BigDecimal orderAmount, String orderStatus, String payStatus, String createTime,
                        String updateTime, List<ItemView> items) {

    public record ItemView(String productId, String productName, BigDecimal productPrice, int productQuantity,
                           String productIcon) {
    }

    public static OrderView of(Order o) {
        return new OrderView(o.orderId(), o.buyerName(), o.buyerPhone(), o.buyerAddress(), o.buyerOpenid(),
                Money.toJson(o.amountCents()), o.status(), o.payStatus(), time(o.createTime()), time(o.updateTime()),
                o.items().stream().map(i -> new ItemView(i.productId(), i.productName(), Money.toJson(i.priceCents()),
                        i.quantity(), i.icon())).toList());
    }

    private static String time(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }
}
