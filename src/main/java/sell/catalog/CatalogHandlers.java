package sell.catalog;

import io.javalin.http.Context;
import java.util.regex.Pattern;
import sell.http.ApiError;
import sell.http.Requests;
import sell.shop.SellerAuth;
import sell.shop.Shop;

/** HTTP handlers of the menu and of the seller's product endpoints. */
public final class CatalogHandlers {
    private static final Pattern SHOP_ID = Pattern.compile("[A-Za-z0-9_-]+");

    private final CatalogService service;
    private final SellerAuth auth;

    public CatalogHandlers(CatalogService service, SellerAuth auth) {
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
        ctx.status(201).json(service.create(shop.shopId(), Requests.jsonBody(ctx)));
    }

    public void update(Context ctx) {
        Shop shop = auth.require(ctx);
        ctx.json(service.update(shop.shopId(), ctx.pathParam("productId"), Requests.jsonBody(ctx)));
    }
}
