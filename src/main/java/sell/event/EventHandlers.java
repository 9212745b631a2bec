package sell.event;

import io.javalin.http.Context;
import java.util.List;
import sell.http.Requests;
import sell.http.SellerCredentials;
import sell.shop.Shop;

/** Catch-up over HTTP: the same events, byte for byte, that the socket sends. */
public final class EventHandlers {
    private static final int PAGE = 1000;

    private final EventLog log;
    private final SellerCredentials auth;

    public EventHandlers(EventLog log, SellerCredentials auth) {
        this.log = log;
        this.auth = auth;
    }

    public void since(Context ctx) {
        Shop shop = auth.require(ctx);
        long since = Requests.longQuery(ctx, "since", 0);
        List<Event> events = log.readAfter(shop.shopId(), since, PAGE);
        long head = log.head(shop.shopId());
        StringBuilder json = new StringBuilder(256 + events.size() * 512).append("{\"events\":[");
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) json.append(',');
            json.append(events.get(i).json());
        }
        json.append("],\"headSeq\":").append(head).append(",\"epoch\":\"").append(shop.epoch()).append("\"}");
        ctx.contentType("application/json").result(json.toString());
    }
}
