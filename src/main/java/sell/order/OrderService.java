package sell.order;

import java.time.InstantSource;
import java.util.function.LongConsumer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jdbi.v3.core.Handle;
import sell.catalog.CatalogRepository;
import sell.catalog.CountedStock;
import sell.catalog.Product;
import sell.catalog.ProductCache;
import sell.core.Json;
import sell.core.Refusal;
import sell.db.Database;
import sell.event.CommitNotifier;
import sell.event.Event;
import sell.event.EventLog;
import sell.report.SalesSlots;

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

    /** How often an order is priced and written again when the menu changed or its id was taken meanwhile. */
    private static final int ATTEMPTS = 3;

    private final Database db;
    private final OrderRepository orders;
    private final CatalogRepository catalog;
    private final EventLog log;
    private final CommitNotifier notifier;
    private final IdempotencyKeys keys;
    private final ProductCache products;
    private final CountedStock stock;
    private final OrderIds ids;
    private final SalesSlots sales;
    private final InstantSource clock;
    /** Told how long each order took, from its checked request to its commit (replays are not orders). */
    private final LongConsumer created;

    public OrderService(Database db, OrderRepository orders, CatalogRepository catalog, ProductCache products,
                        CountedStock stock, EventLog log, CommitNotifier notifier, OrderIds ids, SalesSlots sales,
                        InstantSource clock, LongConsumer created) {
        this.sales = sales;
        this.clock = clock;
        this.created = created;
        this.db = db;
        this.products = products;
        this.orders = orders;
        this.catalog = catalog;
        this.log = log;
        this.notifier = notifier;
        this.keys = new IdempotencyKeys(db);
        this.ids = ids;
        this.stock = stock;
    }

    /** A product changed since the cache last saw it: the order must be priced again. */
    private static final class StaleProduct extends Refusal {
        final transient Product current;

        StaleProduct(Product current) {
            super(Kind.CONFLICT, "menu_changed", "the menu changed while ordering; try again", null);
            this.current = current;
        }
    }

    /**
     * Places an order at menu prices, taking stock atomically; idempotencyKey may be null. The
     * order is priced and serialised before it reaches the writer, which only checks stock and
     * price with one conditional update per line and writes the order and its event. The caller
     * is not blocked while the writer works: the future completes, on the database's answering
     * thread, once the order is durable and announced. Refusals found before the write are
     * thrown at once; later ones complete the future exceptionally.
     */
    public CompletableFuture<Placed> placeAsync(OrderRequest request, String idempotencyKey, String requestHash,
                                               String itemsPath) {
        long started = System.nanoTime();
        if (idempotencyKey != null) {
            // a retry answers from what was stored, even if the menu has changed since
            Placed earlier = db.read(h -> keys.find(h, idempotencyKey).map(e -> replay(h, e, requestHash)).orElse(null));
            if (earlier != null) return CompletableFuture.completedFuture(earlier);
        }
        return attempt(request, idempotencyKey, requestHash, itemsPath, 1).whenComplete((placed, failure) -> {
            if (placed != null && !placed.replayed()) created.accept(System.nanoTime() - started);
        });
    }

    private CompletableFuture<Placed> attempt(OrderRequest request, String idempotencyKey, String requestHash,
                                              String itemsPath, int attempt) {
        long now = clock.millis();
        Order order = price(request, itemsPath, now);
        String json = Json.write(OrderView.of(order));
        List<Event> events = new ArrayList<>(1);
        List<String> productIds = order.items().stream().map(Order.Item::productId).toList();
        return db.writeAsync(order.shopId(), productIds, h -> {
            // the writer may run this twice (a batch re-run with savepoints): only the last run's event counts
            events.clear();
            if (idempotencyKey != null) {
                var earlier = keys.find(h, idempotencyKey);
                if (earlier.isPresent()) return replay(h, earlier.get(), requestHash);
            }
            takeStock(h, order, itemsPath);
            orders.insert(h, order);
            sales.placed(h, order);
            events.add(log.append(h, order.shopId(), Event.ORDER_CREATED, order.orderId(), json, now));
            if (idempotencyKey != null) keys.remember(h, idempotencyKey, requestHash, order.orderId(), now);
            return new Placed(order, json, false);
        }).handle((placed, failure) -> {
            if (failure == null) {
                notifier.committed(events);
                return CompletableFuture.completedFuture(placed);
            }
            Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
            if (cause instanceof StaleProduct stale) {
                if (stale.current != null) products.put(stale.current);
                if (attempt == ATTEMPTS) throw stale;
                return attempt(request, idempotencyKey, requestHash, itemsPath, attempt + 1);
            }
            // an order id or an Idempotency-Key another instance took meanwhile: the next attempt
            // takes another id, or finds the key and answers as its first request was answered
            if (cause instanceof Database.Duplicate && attempt < ATTEMPTS) {
                return attempt(request, idempotencyKey, requestHash, itemsPath, attempt + 1);
            }
            if (cause instanceof RuntimeException runtime) throw runtime;
            throw new CompletionException(cause);
        }).thenCompose(next -> next);
    }

    private Placed replay(Handle h, IdempotencyKeys.Entry earlier, String requestHash) {
        if (!earlier.requestHash().equals(requestHash)) {
            throw new Refusal(Refusal.Kind.INVALID, "idempotency_key_reused",
                    "this Idempotency-Key was used with a different request", "Idempotency-Key");
        }
        Order order = orders.find(h, earlier.orderId()).orElseThrow();
        return new Placed(order, Json.write(OrderView.of(order)), true);
    }

    /** Takes every line's stock, or none: a line that fails gives back what earlier lines took. */
    private void takeStock(Handle h, Order order, String itemsPath) {
        for (int i = 0; i < order.items().size(); i++) {
            Order.Item item = order.items().get(i);
            if (stock.take(h, item.productId(), item.quantity(), item.priceCents(), item.productName(), item.icon())) {
                continue;
            }
            for (int j = 0; j < i; j++) {
                Order.Item taken = order.items().get(j);
                stock.giveBack(h, taken.productId(), taken.quantity());
            }
            CountedStock.Counted current = stock.product(h, item.productId()).orElse(null);
            if (current == null || !current.shopId().equals(order.shopId())
                    || !current.sellsAs(item.priceCents(), item.productName(), item.icon())) {
                // the cache learns the product as the database has it, and the order is priced again
                throw new StaleProduct(current == null ? null : catalog.find(h, item.productId()).orElse(null));
            }
            throw new Refusal(Refusal.Kind.CONFLICT, "out_of_stock", "not enough stock of " + item.productName(),
                    itemsPath + "[" + i + "].productQuantity");
        }
    }

    /** The order, whoever it belongs to (the caller decides who may see it). */
    public java.util.Optional<Order> find(String orderId) {
        return db.read(h -> orders.find(h, orderId));
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

    /** The buyer's cancel; the order's shop is read first, as every write names the shop it changes. */
    public Order cancelByBuyer(String orderId, String openid) {
        Order order = forBuyer(orderId, openid);
        return change(order.shopId(), orderId, o -> o.buyerOpenid().equals(openid), Transition.CANCEL);
    }

    public Order finish(String shopId, String orderId) {
        return change(shopId, orderId, o -> o.shopId().equals(shopId), Transition.FINISH);
    }

    public Order cancelBySeller(String shopId, String orderId) {
        return change(shopId, orderId, o -> o.shopId().equals(shopId), Transition.CANCEL);
    }

    public Order markPaid(String shopId, String orderId) {
        return change(shopId, orderId, o -> o.shopId().equals(shopId), Transition.PAY);
    }

    private enum Transition { FINISH, CANCEL, PAY }

    private Order change(String shopId, String orderId, java.util.function.Predicate<Order> mayChange,
                         Transition transition) {
        List<Event> events = new ArrayList<>();
        Order changed = db.write(shopId, h -> {
            events.clear(); // as in place: the writer may run this twice
            Order order = orders.find(h, orderId).filter(mayChange).orElseThrow(() -> notFound(orderId));
            long now = clock.millis();
            Order next = switch (transition) {
                case FINISH -> {
                    requireStatus(order, Order.NEW, "finished");
                    yield order.with(Order.FINISHED, order.payStatus(), now);
                }
                case CANCEL -> {
                    requireStatus(order, Order.NEW, "cancelled");
                    for (Order.Item item : order.items()) {
                        stock.giveBack(h, item.productId(), item.quantity());
                    }
                    sales.cancelled(h, order);
                    yield order.with(Order.CANCELLED, order.payStatus(), now);
                }
                case PAY -> {
                    if (order.status().equals(Order.CANCELLED)) {
                        throw Refusal.conflict("invalid_transition", "order " + orderId + " is cancelled and cannot be paid");
                    }
                    if (order.payStatus().equals(Order.SUCCESS)) {
                        throw Refusal.conflict("invalid_transition", "order " + orderId + " is already paid");
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

    static void requireStatus(Order order, String expected, String verb) {
        if (!order.status().equals(expected)) {
            throw Refusal.conflict("invalid_transition",
                    "order " + order.orderId() + " is " + order.status() + " and cannot be " + verb);
        }
    }

    /** The order at the prices of the menu as the cache knows it; unknown or mixed products are refused. */
    private Order price(OrderRequest request, String itemsPath, long now) {
        String shopId = null;
        List<Order.Item> items = new ArrayList<>();
        long amount = 0;
        for (int i = 0; i < request.items().size(); i++) {
            OrderRequest.Line line = request.items().get(i);
            String field = itemsPath + "[" + i + "].productId";
            Product product = products.get(line.productId()).orElse(null);
            if (product == null) {
                throw new Refusal(Refusal.Kind.INVALID, "unknown_product", "no product " + line.productId(), field);
            }
            if (!product.onSale()) {
                throw new Refusal(Refusal.Kind.CONFLICT, "off_sale", product.productName() + " is not on sale now", field);
            }
            if (shopId == null) shopId = product.shopId();
            if (!shopId.equals(product.shopId())) {
                throw new Refusal(Refusal.Kind.INVALID, "mixed_shops", "all items of an order must come from one shop", field);
            }
            items.add(new Order.Item(product.productId(), product.productName(), product.priceCents(),
                    line.quantity(), product.icon()));
            amount += product.priceCents() * line.quantity();
        }
        return new Order(ids.next(now), shopId, request.buyerName(), request.buyerPhone(), request.buyerAddress(),
                request.buyerOpenid(), amount, Order.NEW, Order.WAIT, now, now, List.copyOf(items));
    }

    static Refusal notFound(String orderId) {
        return Refusal.notFound("no order " + orderId);
    }
}
