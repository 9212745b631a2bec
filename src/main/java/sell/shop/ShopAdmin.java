package sell.shop;

import java.util.UUID;
import sell.catalog.CatalogRepository;
import sell.db.Database;

/** Adds shops to a deployment: each with its own token, event log (epoch) and a first menu category. */
public final class ShopAdmin {
    /** A new shop and its seller token, which exists in clear only here, to be handed to the seller. */
    public record NewShop(Shop shop, String token) {
    }

    private ShopAdmin() {
    }

    public static NewShop create(Database db, String name) {
        return create(db, name, null);
    }

    /** A shop with a time zone of its own for its reports (null: the deployment's). */
    public static NewShop create(Database db, String name, java.time.ZoneId timeZone) {
        String cleanName = name == null ? "" : name.strip();
        if (cleanName.isEmpty() || cleanName.length() > 64 || cleanName.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a shop name is 1..64 printable characters");
        }
        String token = SellerTokens.generate();
        Shop shop = new Shop("s" + UUID.randomUUID().toString().replace("-", "").substring(0, 12), cleanName,
                UUID.randomUUID().toString());
        ShopRepository shops = new ShopRepository();
        db.write(shop.shopId(), h -> {
            shops.insert(h, shop, System.currentTimeMillis());
            if (timeZone != null) shops.setTimeZone(h, shop.shopId(), timeZone.getId());
            shops.setTokenHash(h, shop.shopId(), SellerTokens.hash(token));
            new CatalogRepository(db).insertCategory(h, shop.shopId(), new CatalogRepository.Category(1, "Menu"));
            return null;
        });
        return new NewShop(shop, token);
    }
}
