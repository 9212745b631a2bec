package sell.compat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sell.catalog.CatalogService;
import sell.core.Json;
import sell.http.ApiError;
import sell.http.Fields;
import sell.http.RateLimiter;
import sell.http.Requests;
import sell.order.OrderHandlers;
import sell.order.OrderRequest;
import sell.order.OrderService;
import sell.order.Order;
import sell.shop.Shop;

/**
 * The original tutorial's form-encoded buyer API, answering in its {"code","msg","data"} envelope.
 * It only translates: every rule lives in the order and catalog services. A refusal is HTTP 200
 * with the tutorial's non-zero code, as the tutorial's server answers it.
 */
public final class CompatApi {
    public static final String PREFIX = "/sell/buyer/";
    /** The tutorial's endpoints; a refusal on any other path under PREFIX keeps its HTTP status. */
    private static final java.util.Set<String> ENDPOINTS = java.util.Set.of(PREFIX + "product/list",
            PREFIX + "order/create", PREFIX + "order/list", PREFIX + "order/detail", PREFIX + "order/cancel");
    /** HTTP statuses that are not a refusal by the tutorial's rules (wrong method, too large, wrong type, too many), kept. */
    private static final java.util.Set<Integer> KEPT_STATUSES = java.util.Set.of(405, 413, 415, 429);

    private record Food(String id, String name, java.math.BigDecimal price, String description, String icon) {
    }

    private record Category(String name, int type, List<Food> foods) {
    }

    private final OrderService orders;
    private final CatalogService catalog;
    private final RateLimiter limiter;

    public CompatApi(OrderService orders, CatalogService catalog, RateLimiter limiter) {
        this.orders = orders;
        this.catalog = catalog;
        this.limiter = limiter;
    }

    public void productList(Context ctx) {
        List<Category> data = catalog.menu(Shop.DEFAULT_ID).categories().stream()
                .map(c -> new Category(c.categoryName(), c.categoryType(), c.products().stream()
                        .map(p -> new Food(p.productId(), p.productName(), p.productPrice(), p.productDescription(),
                                p.productIcon()))
                        .toList()))
                .toList();
        ok(ctx, data);
    }

    public void create(Context ctx) {
        limiter.take(ctx);
        if (ctx.contentLength() > Requests.MAX_BODY) throw Requests.tooLarge();
        if (!Requests.isForm(ctx)) {
            throw new ApiError(415, "unsupported_media_type", "Content-Type must be application/x-www-form-urlencoded", null);
        }
        Requests.checkEscapes(ctx.body(), "the form");
        String name = Fields.cleanText(form(ctx, "name"), "name", OrderRequest.MAX_NAME);
        String phone = OrderRequest.phone(Fields.cleanText(form(ctx, "phone"), "phone", OrderRequest.MAX_PHONE), "phone");
        String address = Fields.cleanText(form(ctx, "address"), "address", OrderRequest.MAX_ADDRESS);
        String openid = OrderRequest.openid(Fields.cleanText(form(ctx, "openid"), "openid", OrderRequest.MAX_OPENID),
                "openid");
        String rawItems = form(ctx, "items");
        JsonNode items;
        try {
            items = Json.mapper().readTree(rawItems.getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException | NumberFormatException e) {
            throw ApiError.invalid("items", "must be a JSON array");
        }
        if (items == null || !items.isArray()) throw ApiError.invalid("items", "must be a JSON array");
        if (items.isEmpty()) throw new ApiError(422, "cart_empty", "the cart is empty", "items");
        OrderRequest request = new OrderRequest(name, phone, address, openid, OrderHandlers.lines(items, "items"));
        String key = Requests.idempotencyKey(ctx);
        String hash = key == null ? null : Requests.sha256("compat\n" + name + "\n" + phone + "\n" + address + "\n" + openid + "\n"
                + Json.write(items));
        ctx.future(() -> orders.placeAsync(request, key, hash, "items")
                .thenAccept(placed -> ok(ctx, Map.of("orderId", placed.order().orderId()))));
    }

    public void list(Context ctx) {
        String openid = Requests.requiredQuery(ctx, "openid");
        int page = Requests.intQuery(ctx, "page", 0, 0, 100_000);
        int size = Requests.intQuery(ctx, "size", 10, 1, 100);
        ok(ctx, orders.buyerOrders(openid, page, size).stream().map(CompatOrder::listed).toList());
    }

    public void detail(Context ctx) {
        String openid = Requests.requiredQuery(ctx, "openid");
        String orderId = Requests.requiredQuery(ctx, "orderId");
        ok(ctx, CompatOrder.withDetails(owned(orderId, openid)));
    }

    public void cancel(Context ctx) {
        String openid = param(ctx, "openid");
        String orderId = param(ctx, "orderId");
        owned(orderId, openid);
        orders.cancelByBuyer(orderId, openid);
        ok(ctx, null);
    }

    /** The buyer's order; the tutorial tells an order of another openid (19) from none at all (12). */
    private Order owned(String orderId, String openid) {
        Order order = orders.find(orderId).orElseThrow(() -> ApiError.notFound("no order " + orderId));
        if (!order.buyerOpenid().equals(openid)) {
            throw new ApiError(403, "not_owner", "order " + orderId + " belongs to another openid", "openid");
        }
        return order;
    }

    /**
     * Writes a refusal in the old envelope: HTTP 200, the tutorial's non-zero code and a message.
     * What is not a refusal of the request by the tutorial's rules (a wrong method, too large, a
     * wrong type, too many, a failure of the server, an unknown endpoint) keeps its HTTP status,
     * which is then its code too.
     */
    public static void writeError(Context ctx, ApiError e) {
        boolean kept = KEPT_STATUSES.contains(e.status()) || e.status() >= 500 || !ENDPOINTS.contains(ctx.path());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", kept ? e.status() : tutorialCode(e.code()));
        body.put("msg", e.getMessage());
        ctx.status(kept ? e.status() : 200).json(body);
    }

    private static void ok(Context ctx, Object data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", 0);
        body.put("msg", "成功");
        body.put("data", data);
        ctx.json(body);
    }

    /**
     * The tutorial's ResultEnum numbers, so old clients keep telling refusals apart; 1 is "a
     * parameter is wrong". Its 17 (pay status) answers the seller's payment, which this API has not.
     */
    private static int tutorialCode(String code) {
        return switch (code) {
            case "unknown_product", "off_sale" -> 10;
            case "out_of_stock" -> 11;
            case "not_found" -> 12;
            case "invalid_transition" -> 14;
            case "cart_empty" -> 18;
            case "not_owner" -> 19;
            default -> 1;
        };
    }

    private static String form(Context ctx, String name) {
        String value = ctx.formParam(name);
        if (value == null) throw ApiError.missing(name);
        return value;
    }

    /** The tutorial's cancel takes its parameters from the query or the form. */
    private static String param(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null && Requests.isForm(ctx)) {
            Requests.checkEscapes(ctx.body(), "the form");
            value = ctx.formParam(name);
        }
        if (value == null || value.isBlank()) throw ApiError.missing(name);
        return value;
    }
}
