package sell.order;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import sell.core.Json;
import sell.http.ApiError;
import sell.http.Fields;
import sell.http.RateLimiter;
import sell.http.Requests;
import sell.http.SellerCredentials;
import sell.shop.Shop;

/** HTTP handlers of the v1 order endpoints, for buyers and sellers. */
public final class OrderHandlers {
    public record OrderPage(List<OrderView> orders, String next) {
    }

    public record ReminderView(String orderId, String remindedAt) {
    }

    private final OrderService service;
    private final SellerCredentials auth;
    private final RateLimiter limiter;
    private final Reminders reminders;

    public OrderHandlers(OrderService service, Reminders reminders, SellerCredentials auth, RateLimiter limiter) {
        this.service = service;
        this.reminders = reminders;
        this.auth = auth;
        this.limiter = limiter;
    }

    public void create(Context ctx) {
        limiter.take(ctx);
        String key = Requests.idempotencyKey(ctx);
        JsonNode body = Requests.jsonBody(ctx);
        OrderRequest request = request(body);
        // the request hash only matters with a key (a retry must repeat the request it names)
        String hash = key == null ? null : Requests.sha256(Json.write(body));
        ctx.future(() -> service.placeAsync(request, key, hash, "items").thenAccept(placed -> {
            if (placed.replayed()) ctx.header("Idempotent-Replayed", "true");
            ctx.header("Location", "/sell/api/orders/" + placed.order().orderId());
            ctx.status(201).contentType("application/json").result(placed.json());
        }));
    }

    /** The v1 order body, every field checked. */
    static OrderRequest request(JsonNode body) {
        String name = Fields.text(body, "buyerName", "buyerName", OrderRequest.MAX_NAME);
        String phone = OrderRequest.phone(Fields.text(body, "buyerPhone", "buyerPhone", OrderRequest.MAX_PHONE), "buyerPhone");
        String address = Fields.text(body, "buyerAddress", "buyerAddress", OrderRequest.MAX_ADDRESS);
        String openid = OrderRequest.openid(Fields.text(body, "buyerOpenid", "buyerOpenid", OrderRequest.MAX_OPENID),
                "buyerOpenid");
        JsonNode items = body.get("items");
        if (items == null || items.isNull()) throw ApiError.invalid("items", "is required");
        if (!items.isArray()) throw ApiError.invalid("items", "must be an array");
        return new OrderRequest(name, phone, address, openid, lines(items, "items"));
    }

    /** The items of an order, as the v1 body and the compatible API's form field give them. */
    public static List<OrderRequest.Line> lines(JsonNode items, String path) {
        if (items.isEmpty()) throw ApiError.invalid(path, "must hold at least one item");
        if (items.size() > OrderRequest.MAX_ITEMS) {
            throw ApiError.invalid(path, "must hold at most " + OrderRequest.MAX_ITEMS + " items");
        }
        List<OrderRequest.Line> lines = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String itemPath = path + "[" + i + "]";
            JsonNode item = items.get(i);
            if (!item.isObject()) throw ApiError.invalid(itemPath, "must be an object");
            String productId = Fields.text(item, "productId", itemPath + ".productId", OrderRequest.MAX_PRODUCT_ID);
            int quantity = Fields.integer(item, "productQuantity", itemPath + ".productQuantity", 1,
                    OrderRequest.MAX_QUANTITY);
            lines.add(new OrderRequest.Line(productId, quantity));
        }
        return lines;
    }

    public void buyerGet(Context ctx) {
        ctx.json(OrderView.of(service.forBuyer(ctx.pathParam("orderId"), Requests.requiredQuery(ctx, "openid"))));
    }

    public void buyerCancel(Context ctx) {
        String openid = Requests.requiredQuery(ctx, "openid");
        ctx.json(OrderView.of(service.cancelByBuyer(ctx.pathParam("orderId"), openid)));
    }

    /** The buyer is waiting: 202 with when the seller was reminded. */
    public void remind(Context ctx) {
        limiter.take(ctx);
        String openid = Requests.requiredQuery(ctx, "openid");
        Reminders.Reminded reminded = reminders.remind(ctx.pathParam("orderId"), openid);
        ctx.status(202).json(new ReminderView(reminded.orderId(),
                java.time.Instant.ofEpochMilli(reminded.remindedAt()).toString()));
    }

    public void sellerList(Context ctx) {
        Shop shop = auth.require(ctx);
        String status = status(ctx.queryParam("status"));
        int limit = Requests.intQuery(ctx, "limit", 20, 1, 100);
        Long before = cursor(ctx.queryParam("before"));
        OrderRepository.Page page = service.sellerPage(shop.shopId(), status, before, limit);
        ctx.json(new OrderPage(page.orders().stream().map(OrderView::of).toList(),
                page.nextNo() == null ? null : cursorOf(page.nextNo())));
    }

    public void sellerGet(Context ctx) {
        Shop shop = auth.require(ctx);
        ctx.json(OrderView.of(service.forSeller(shop.shopId(), ctx.pathParam("orderId"))));
    }

    public void finish(Context ctx) {
        Shop shop = auth.require(ctx);
        ctx.json(OrderView.of(service.finish(shop.shopId(), ctx.pathParam("orderId"))));
    }

    public void cancel(Context ctx) {
        Shop shop = auth.require(ctx);
        ctx.json(OrderView.of(service.cancelBySeller(shop.shopId(), ctx.pathParam("orderId"))));
    }

    public void pay(Context ctx) {
        Shop shop = auth.require(ctx);
        ctx.json(OrderView.of(service.markPaid(shop.shopId(), ctx.pathParam("orderId"))));
    }

    private static String status(String raw) {
        if (raw == null || raw.isBlank() || raw.equalsIgnoreCase("all")) return null;
        String status = raw.strip().toUpperCase(Locale.ROOT);
        if (!status.equals(Order.NEW) && !status.equals(Order.FINISHED) && !status.equals(Order.CANCELLED)) {
            throw ApiError.invalid("status", "must be NEW, FINISHED, CANCELLED or all");
        }
        return status;
    }

    /** Cursors are opaque to clients; inside they name the last order of the page. */
    static String cursorOf(long orderNo) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("o" + orderNo).getBytes(StandardCharsets.US_ASCII));
    }

    static Long cursor(String raw) {
        if (raw == null || raw.isEmpty()) return null;
        try {
            String text = new String(Base64.getUrlDecoder().decode(raw), StandardCharsets.US_ASCII);
            if (text.startsWith("o")) {
                long no = Long.parseLong(text.substring(1));
                if (no > 0) return no;
            }
        } catch (IllegalArgumentException ignored) {
            // refused below
        }
        throw ApiError.invalid("before", "is not a cursor this server gave out");
    }
}
