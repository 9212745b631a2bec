package sell.shop;

import java.nio.file.Path;
import sell.core.Refusal;

/**
 * A shop's new seller token, shown once: the old one stops working at once and every session
 * opened with it ends (rotated tells the running sockets). The default shop's token kept in the
 * data folder is replaced too, or the next start would bring the old one back; one set by
 * SELL_SELLER_TOKEN is changed there, not here.
 */
public final class TokenRotation {
    private final SellerAuth auth;
    private final Path dataDir;
    private final boolean defaultTokenConfigured;
    private final Runnable rotated;

    public TokenRotation(SellerAuth auth, Path dataDir, boolean defaultTokenConfigured, Runnable rotated) {
        this.auth = auth;
        this.dataDir = dataDir;
        this.defaultTokenConfigured = defaultTokenConfigured;
        this.rotated = rotated;
    }

    public String rotate(String shopId) {
        boolean defaultShop = shopId.equals(Shop.DEFAULT_ID);
        if (defaultShop && defaultTokenConfigured) {
            throw Refusal.conflict("token_configured",
                    "the default shop's token is set by SELL_SELLER_TOKEN: change it there and restart");
        }
        String token = auth.rotate(shopId);
        if (defaultShop && dataDir != null) SellerTokens.keep(dataDir, token);
        rotated.run();
        return token;
    }

}
