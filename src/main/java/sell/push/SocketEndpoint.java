package sell.push;

import io.javalin.http.Context;
import io.javalin.websocket.WsConfig;
import sell.http.ApiError;
import sell.http.Requests;
import sell.shop.SellerAuth;
import sell.shop.Shop;

/** The seller WebSocket: checked at the handshake, then handed to the socket registry. */
public final class SocketEndpoint {
    private static final String SHOP = "sell.shop";
    private static final String SINCE = "sell.since";
    private static final String EPOCH = "sell.epoch";

    private final SellerAuth auth;
    private final SellerSockets sockets;

    public SocketEndpoint(SellerAuth auth, SellerSockets sockets) {
        this.auth = auth;
        this.sockets = sockets;
    }

    /** Runs before the upgrade: a refusal here is an HTTP answer and no socket opens. */
    public void beforeUpgrade(Context ctx) {
        sockets.pongs.ensureInstalled(sockets);
        Shop shop = auth.requireForSocket(ctx);
        String rawSince = ctx.queryParam("since");
        Long since = rawSince == null || rawSince.isEmpty() ? null : Requests.longQuery(ctx, "since", 0);
        String epoch = ctx.queryParam("epoch");
        if (epoch != null && (epoch.length() > 64 || !epoch.matches("[A-Za-z0-9-]*"))) {
            throw ApiError.invalid("epoch", "is not an epoch this server gave out");
        }
        ctx.attribute(SHOP, shop);
        ctx.attribute(SINCE, since);
        ctx.attribute(EPOCH, epoch == null || epoch.isEmpty() ? null : epoch);
    }

    public void configure(WsConfig ws) {
        ws.onConnect(ctx -> {
            Shop shop = ctx.attribute(SHOP);
            sockets.open(ctx.session, shop, ctx.attribute(SINCE), ctx.attribute(EPOCH),
                    ctx.attribute(SellerAuth.SESSION_ATTRIBUTE));
        });
        ws.onClose(ctx -> sockets.close(ctx.session));
        ws.onError(ctx -> sockets.close(ctx.session));
        // sellers have nothing to say yet; unknown messages are ignored as the protocol allows
        ws.onMessage(ctx -> { });
    }
}
