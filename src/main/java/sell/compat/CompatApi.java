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
import sell.order.OrderView;
import sell.shop.Shop;

/**
 * The original tutorial's form-encoded buyer API, answering in its {"code","msg","data"} envelope.
 * It only translates: every rule lives in the order and catalog services.
 */
public final class CompatApi {
    public static final String PREFIX = "/sell/buyer/";

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
        ok(ctx, orders.buyerOrders(openid, page, size).stream().map(OrderView::of).toList());
    }

    public void detail(Context ctx) {
        String openid = Requests.requiredQuery(ctx, "openid");
        String orderId = Requests.requiredQuery(ctx, "orderId");
        ok(ctx, OrderView.of(orders.forBuyer(orderId, openid)));
    }

    public void cancel(Context ctx) {
        String openid = param(ctx, "openid");
        String orderId = param(ctx, "orderId");
        orders.cancelByBuyer(orderId, openid);
        ok(ctx, null);
    }

    /** Writes a refusal in the old envelope: a non-zero code and a message, with the HTTP status of v1. */
    public static void writeError(Context ctx, ApiError e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", legacyCode(e.code()));
        body.put("msg", e.getMessage());
        ctx.status(e.status()).json(body);
    }

    private static void ok(Context ctx, Object data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", 0);
        body.put("msg", "成功");
        if (data != null) body.put("data", data);
        ctx.json(body);
    }

    /** The tutorial's ResultEnum numbers, so old clients keep telling failures apart. */
    private static int legacyCode(String code) {
        return switch (code) {
            case "unknown_product" -> 10;
            case "out_of_stock" -> 11;
            case "not_found" -> 12;
            case "invalid_transition" -> 14;
            case "rate_limited" -> 429;
            case "internal_error" -> 500;
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
        if (value == null && Requests.isForm(ctx)) value = ctx.formParam(name);
        if (value == null || value.isBlank()) throw ApiError.missing(name);
        return value;
    }
}
