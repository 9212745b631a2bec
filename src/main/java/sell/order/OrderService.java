package sell.order;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Handle;
import sell.catalog.CatalogRepository;
import sell.catalog.Product;
import sell.db.Database;
import sell.event.CommitNotifier;
import sell.event.Event;
import sell.event.EventLog;
import sell.http.ApiError;
import sell.http.Json;

/**
 * Every order change: checked, written with its event in one transaction, then announced. The
 * same service serves the v1 API and the compatible one.
 */
public final class OrderService {
    /**
     * The outcome of place: the order and its JSON (serialised once, for the event and the answer);
     * replayed is true when an Idempotency-Key returned an earlier order.
     */
    public record Placed(Order order, String json, boolean replayed) {
    }

    private static final AtomicLong ORDER_COUNTER = new AtomicLong(new SecureRandom().nextInt(1_000_000));

    private final Database db;
    private final OrderRepository orders;
    private final CatalogRepository catalog;
    private final EventLog log;
    private final CommitNotifier notifier;
    private final IdempotencyKeys keys;

    public OrderService(Database db, OrderRepository orders, CatalogRepository catalog, EventLog log,
                        CommitNotifier notifier) {
        this.db = db;
        this.orders = orders;
        this.catalog = catalog;
        this.log = log;
        this.notifier = notifier;
        this.keys = new IdempotencyKeys(db);
    }

    /** Places an order at menu prices, taking stock atomically; idempotencyKey may be null. */
    public Placed place(OrderRequest request, String idempotencyKey, String requestHash, String itemsPath) {
        List<Event> events = new ArrayList<>();
        Placed placed = db.write(h -> {
            if (idempotencyKey != null) {
                var earlier = keys.find(h, idempotencyKey);
                if (earlier.isPresent()) {
                    if (!earlier.get().requestHash().equals(requestHash)) {
                        throw new ApiError(422, "idempotency_key_reused",
                                "this Idempotency-Key was used with a different request", "Idempotency-Key");
                    }
                    Order order = orders.find(h, earlier.get().orderId()).orElseThrow();
                    return new Placed(order, Json.write(OrderView.of(order)), true);
                }
            }
            long now = System.currentTimeMillis();
            Order order = newOrder(h, request, itemsPath, now);
            orders.insert(h, order);
            String json = Json.write(OrderView.of(order));
            events.add(log.append(h, order.shopId(), Event.ORDER_CREATED, order.orderId(), json, now));
            if (idempotencyKey != null) keys.remember(h, idempotencyKey, requestHash, order.orderId(), now);
            return new Placed(order, json, false);
        });
        notifier.committed(events);
        return placed;
    }

    public Order forBuyer(String orderId, String openid) {
        return db.read(h -> orders.find(h, orderId))
                .filter(o -> o.buyerOpenid().equals(openid))
                .orElseThrow(() -> notFound(orderId));
    }

    public List<Order> buyerOrders(String openid, int page, int size) {
        return db.read(h -> orders.byBuyer(h, openid, page, size));
    }

    public Order forSeller(String shopId, String orderId) {
        return db.read(h -> orders.find(h, orderId))
                .filter(o -> o.shopId().equals(shopId))
                .orElseThrow(() -> notFound(orderId));
    }

    public OrderRepository.Page sellerPage(String shopId, String status, Long beforeNo, int limit) {
        return db.read(h -> orders.page(h, shopId, status, beforeNo, limit));
    }

    public Order cancelByBuyer(String orderId, String openid) {
        return change(orderId, o -> o.buyerOpenid().equals(openid), Transition.CANCEL);
    }

    public Order finish(String shopId, String orderId) {
        return change(orderId, o -> o.shopId().equals(shopId), Transition.FINISH);
    }

    public Order cancelBySeller(String shopId, String orderId) {
        return change(orderId, o -> o.shopId().equals(shopId), Transition.CANCEL);
    }

    public Order markPaid(String shopId, String orderId) {
        return change(orderId, o -> o.shopId().equals(shopId), Transition.PAY);
    }

    private enum Transition { FINISH, CANCEL, PAY }

    private Order change(String orderId, java.util.function.Predicate<Order> mayChange, Transition transition) {
        List<Event> events = new ArrayList<>();
        Order changed = db.write(h -> {
            Order order = orders.find(h, orderId).filter(mayChange).orElseThrow(() -> notFound(orderId));
            long now = System.currentTimeMillis();
            Order next = switch (transition) {
                case FINISH -> {
                    requireStatus(order, Order.NEW, "finished");
                    yield order.with(Order.FINISHED, order.payStatus(), now);
                }
                case CANCEL -> {
                    requireStatus(order, Order.NEW, "cancelled");
                    for (Order.Item item : order.items()) {
                        catalog.giveBackStock(h, item.productId(), item.quantity(), now);
                    }
                    yield order.with(Order.CANCELLED, order.payStatus(), now);
                }
                case PAY -> {
                    if (order.status().equals(Order.CANCELLED)) {
                        throw ApiError.conflict("invalid_transition", "order " + orderId + " is cancelled and cannot be paid");
                    }
                    if (order.payStatus().equals(Order.SUCCESS)) {
                        throw ApiError.conflict("invalid_transition", "order " + orderId + " is already paid");
                    }
                    yield order.with(order.status(), Order.SUCCESS, now);
                }
            };
            orders.updateStatus(h, next);
            events.add(log.append(h, next.shopId(), Event.ORDER_UPDATED, orderId, Json.write(OrderView.of(next)), now));
            return next;
        });
        notifier.committed(events);
        return changed;
    }

    private static void requireStatus(Order order, String expected, String verb) {
        if (!order.status().equals(expected)) {
            throw ApiError.conflict("invalid_transition",
                    "order " + order.orderId() + " is " + order.status() + " and cannot be " + verb);
        }
    }

    private Order newOrder(Handle h, OrderRequest request, String itemsPath, long now) {
        Set<String> ids = new LinkedHashSet<>();
        for (OrderRequest.Line line : request.items()) ids.add(line.productId());
        Map<String, Product> products = catalog.findAll(h, ids);
        String shopId = null;
        List<Order.Item> items = new ArrayList<>();
        long amount = 0;
        for (int i = 0; i < request.items().size(); i++) {
            OrderRequest.Line line = request.items().get(i);
            String field = itemsPath + "[" + i + "].productId";
            Product product = products.get(line.productId());
            if (product == null || !product.onSale()) {
                throw new ApiError(422, "unknown_product", "no product " + line.productId() + " on sale", field);
            }
            if (shopId == null) shopId = product.shopId();
            if (!shopId.equals(product.shopId())) {
                throw new ApiError(422, "mixed_shops", "all items of an order must come from one shop", field);
            }
            items.add(new Order.Item(product.productId(), product.productName(), product.priceCents(),
                    line.quantity(), product.icon()));
            amount += product.priceCents() * line.quantity();
        }
        for (int i = 0; i < items.size(); i++) {
            Order.Item item = items.get(i);
            if (!catalog.takeStock(h, item.productId(), item.quantity(), now)) {
                // throwing rolls back the stock already taken for earlier lines
                throw new ApiError(409, "out_of_stock", "not enough stock of " + item.productName(),
                        itemsPath + "[" + i + "].productQuantity");
            }
        }
        return new Order(newOrderId(now), shopId, request.buyerName(), request.buyerPhone(), request.buyerAddress(),
                request.buyerOpenid(), amount, Order.NEW, Order.WAIT, now, now, List.copyOf(items));
    }

    /**
     * Milliseconds and six digits from a counter that starts at random: unique within a process
     * (up to a million orders a millisecond), short enough to read out on the phone. Ids are not
     * secrets: a buyer's order is only shown with its openid.
     */
    private static String newOrderId(long now) {
        String suffix = Long.toString(1_000_000 + ORDER_COUNTER.getAndIncrement() % 1_000_000);
        return now + suffix.substring(1);
    }

    private static ApiError notFound(String orderId) {
        return ApiError.notFound("no order " + orderId);
    }
}
