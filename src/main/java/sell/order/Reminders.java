package sell.order;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import sell.core.Json;
import sell.core.Refusal;
import sell.db.Database;
import sell.event.CommitNotifier;
import sell.event.Event;
import sell.event.EventLog;

/**
 * The buyer is waiting: a reminder rings every seller socket of the shop with order.reminded.
 * Only for a NEW order, at most once per REMIND_EVERY_MILLIS per order, on every instance: the
 * last reminder is kept with the order (order_reminder), and the write names its shop.
 */
public final class Reminders {
    /** What a reminder answers: the order and when the seller was reminded of it. */
    public record Reminded(String orderId, long remindedAt) {
    }

    /** How often a buyer may remind the seller of one order. */
    public static final long REMIND_EVERY_MILLIS = 120_000;

    private final Database db;
    private final OrderService service;
    private final OrderRepository orders;
    private final EventLog log;
    private final CommitNotifier notifier;
    private final InstantSource clock;

    public Reminders(Database db, OrderService service, OrderRepository orders, EventLog log, CommitNotifier notifier,
                     InstantSource clock) {
        this.db = db;
        this.clock = clock;
        this.service = service;
        this.orders = orders;
        this.log = log;
        this.notifier = notifier;
    }

    public Reminded remind(String orderId, String openid) {
        Order order = service.forBuyer(orderId, openid);
        List<Event> events = new ArrayList<>();
        long at = db.write(order.shopId(), h -> {
            events.clear(); // the writer may run this twice: only the last run's event counts
            Order current = orders.find(h, orderId).orElseThrow(() -> OrderService.notFound(orderId));
            OrderService.requireStatus(current, Order.NEW, "reminded of");
            long now = clock.millis();
            Long last = orders.remindedAt(h, orderId).orElse(null);
            if (last != null && now - last < REMIND_EVERY_MILLIS) {
                long wait = (REMIND_EVERY_MILLIS - (now - last) + 999) / 1000;
                throw Refusal.tooSoon("remind_too_soon", "order " + orderId + " was reminded of less than "
                        + REMIND_EVERY_MILLIS / 1000 + " s ago; try again in " + wait + " s", wait);
            }
            orders.reminded(h, orderId, now);
            events.add(log.append(h, current.shopId(), Event.ORDER_REMINDED, orderId,
                    Json.write(OrderView.of(current)), now));
            return now;
        });
        notifier.committed(events);
        return new Reminded(orderId, at);
    }
}
