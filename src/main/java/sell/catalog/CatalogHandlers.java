package sell.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.regex.Pattern;
import sell.http.ApiError;
import sell.http.Fields;
import sell.http.Requests;
import sell.http.SellerCredentials;
import sell.shop.Shop;

/** HTTP handlers of the menu and of the seller's product endpoints. */
public final class CatalogHandlers {
    private static final Pattern SHOP_ID = Pattern.compile("[A-Za-z0-9_-]+");
    private static final int MAX_CATEGORY_TYPE = 1_000_000;

    private final CatalogService service;
    private final SellerCredentials auth;

    public CatalogHandlers(CatalogService service, SellerCredentials auth) {
        this.service = service;
        this.auth = auth;
    }

    /** The default shop's menu, or another shop's with ?shop=. */
    public void menu(Context ctx) {
        String shop = ctx.queryParam("shop");
        if (shop == null || shop.isEmpty()) shop = Shop.DEFAULT_ID;
        if (shop.length() > 64 || !SHOP_ID.matcher(shop).matches()) throw ApiError.invalid("shop", "is not a shop id");
        ctx.json(service.menu(shop));
    }

    public void create(Context ctx) {
        Shop shop = auth.require(ctx);
        JsonNode body = Requests.jsonBody(ctx);
        String name = Fields.text(body, "productName", "productName", 64);
        Long price = Fields.optionalCents(body, "productPrice", "productPrice", CatalogService.MAX_PRICE_CENTS);
        if (price == null) throw ApiError.invalid("productPrice", "is required");
        int stock = Fields.integer(body, "productStock", "productStock", 0, CatalogService.MAX_STOCK);
        CatalogService.NewProduct product = new CatalogService.NewProduct(name, price, stock,
                Fields.optionalText(body, "productDescription", "productDescription", 500),
                Fields.optionalText(body, "productIcon", "productIcon", 500),
                Fields.optionalInteger(body, "categoryType", "categoryType", 0, MAX_CATEGORY_TYPE),
                Fields.optionalText(body, "productStatus", "productStatus", 16));
        ctx.status(201).json(service.create(shop.shopId(), product));
    }

    /** Every product of the seller's shop, on sale or not. */
    public void sellerProducts(Context ctx) {
        Shop shop = auth.require(ctx);
        ctx.json(service.products(shop.shopId()));
    }

    public void categories(Context ctx) {
        Shop shop = auth.require(ctx);
        ctx.json(service.categories(shop.shopId()));
    }

    public void createCategory(Context ctx) {
        Shop shop = auth.require(ctx);
        JsonNode body = Requests.jsonBody(ctx);
        String name = Fields.text(body, "categoryName", "categoryName", 64);
        int type = Fields.integer(body, "categoryType", "categoryType", 0, MAX_CATEGORY_TYPE);
        ctx.status(201).json(service.addCategory(shop.shopId(), type, name));
    }

    public void renameCategory(Context ctx) {
        Shop shop = auth.require(ctx);
        int type = categoryType(ctx.pathParam("categoryType"));
        JsonNode body = Requests.jsonBody(ctx);
        String name = Fields.text(body, "categoryName", "categoryName", 64);
        ctx.json(service.renameCategory(shop.shopId(), type, name));
    }

    private static int categoryType(String raw) {
        try {
            int type = Integer.parseInt(raw);
            if (type >= 0 && type <= MAX_CATEGORY_TYPE) return type;
        } catch (NumberFormatException ignored) {
            // refused below
        }
        throw ApiError.invalid("categoryType", "must be a whole number 0.." + MAX_CATEGORY_TYPE);
    }

    public void update(Context ctx) {
        Shop shop = auth.require(ctx);
        JsonNode body = Requests.jsonBody(ctx);
        CatalogService.ProductChange change = new CatalogService.ProductChange(
                Fields.optionalText(body, "productName", "productName", 64),
                Fields.optionalCents(body, "productPrice", "productPrice", CatalogService.MAX_PRICE_CENTS),
                Fields.optionalInteger(body, "productStock", "productStock", 0, CatalogService.MAX_STOCK),
                Fields.optionalText(body, "productDescription", "productDescription", 500),
                Fields.optionalText(body, "productIcon", "productIcon", 500),
                Fields.optionalInteger(body, "categoryType", "categoryType", 0, 1_000_000),
                Fields.optionalText(body, "productStatus", "productStatus", 16));
        ctx.json(service.update(shop.shopId(), ctx.pathParam("productId"), change));
    }
}
