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
    /**
     * The default shop's token and whether it was read from the data folder (and may be printed);
     * token is null when another instance sharing the database made it.
     */
    record SellerToken(String token, boolean fromDataFolder) {
    }

    private Bootstrap() {
    }

    /**
     * Seeds a fresh database and settles the default shop's token. A token in the settings is
     * the token. Otherwise the one kept in the data folder is, made on first start. Instances
     * sharing a database share the token that the first of them made: another instance, whose
     * data folder does not hold that token, keeps it and prints no sign-in link.
     */
    static SellerToken prepare(Database db, Config config) {
        ShopRepository shops = new ShopRepository();
        String configured = config.sellerToken();
        String kept = configured == null ? SellerTokens.read(config.dataDir()) : null;
        String offered = configured != null ? configured : kept != null ? kept : SellerTokens.generate();
        boolean shared = db.channel().isPresent();
        boolean taken = db.write(Shop.DEFAULT_ID, h -> {
            if (shops.byId(h, Shop.DEFAULT_ID).isEmpty()) {
                long now = System.currentTimeMillis();
                shops.insert(h, new Shop(Shop.DEFAULT_ID, "My shop", UUID.randomUUID().toString()), now);
                DemoMenu.seed(h, new CatalogRepository(db), Shop.DEFAULT_ID, now);
            }
            String stored = shops.tokenHash(h, Shop.DEFAULT_ID).orElse(null);
            String hash = SellerTokens.hash(offered);
            if (configured == null && shared && stored != null && !stored.equals(hash)) return false;
            shops.setTokenHash(h, Shop.DEFAULT_ID, hash);
            return true;
        });
        if (configured != null) return new SellerToken(configured, false);
        if (!taken) return new SellerToken(null, false);
        if (kept == null) SellerTokens.keep(config.dataDir(), offered);
        return new SellerToken(offered, true);
    }
}
