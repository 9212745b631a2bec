package sell;

import java.util.UUID;
import sell.catalog.CatalogRepository;
import sell.catalog.DemoMenu;
import sell.db.Database;
import sell.shop.SellerTokens;
import sell.shop.Shop;
import sell.shop.ShopRepository;

/** First-start seeding and the default shop's token; running it again on the same file changes nothing. */
final class Bootstrap {
    /** The default shop's token and whether it was read from the data folder (and may be printed). */
    record SellerToken(String token, boolean fromDataFolder) {
    }

    private Bootstrap() {
    }

    static SellerToken prepare(Database db, Config config) {
        ShopRepository shops = new ShopRepository();
        SellerToken token = config.sellerToken() != null
                ? new SellerToken(config.sellerToken(), false)
                : new SellerToken(SellerTokens.readOrCreate(config.dataDir()), true);
        String hash = SellerTokens.hash(token.token());
        db.write(h -> {
            if (shops.byId(h, Shop.DEFAULT_ID).isEmpty()) {
                long now = System.currentTimeMillis();
                shops.insert(h, new Shop(Shop.DEFAULT_ID, "My shop", UUID.randomUUID().toString()), now);
                DemoMenu.seed(h, new CatalogRepository(db), Shop.DEFAULT_ID, now);
            }
            shops.setTokenHash(h, Shop.DEFAULT_ID, hash);
            return null;
        });
        return token;
    }
}
