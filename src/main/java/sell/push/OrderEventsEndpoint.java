package sell.push;

import io.javalin.http.Context;
import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import sell.http.ApiError;
import sell.http.ClientAddress;
import sell.http.Requests;
import sell.order.Order;
import sell.order.OrderService;

/**
 * GET /sell/api/orders/{orderId}/events?openid=: the buyer's live view of an order as
 * Server-Sent Events. Refusals (no such order for this openid, too many streams from one address,
 * a Last-Event-ID that is not a seq) are answered before the stream starts, as JSON.
 */
public final class OrderEventsEndpoint {
    private final OrderService orders;
    private final BuyerStreams streams;
    private final ClientAddress addresses;

    public OrderEventsEndpoint(OrderService orders, BuyerStreams streams, ClientAddress addresses) {
        this.orders = orders;
        this.streams = streams;
        this.addresses = addresses;
    }

    public void stream(Context ctx) throws IOException {
        String orderId = ctx.pathParam("orderId");
        String openid = Requests.requiredQuery(ctx, "openid");
        Long lastEventId = lastEventId(ctx.header("Last-Event-ID"));
        Order order = orders.forBuyer(orderId, openid);
        String address = addresses.of(ctx);
        if (!streams.reserve(address)) {
            throw new ApiError(429, "too_many_streams", "at most " + BuyerStreams.PER_ADDRESS
                    + " live views may be open from one address", null, 5);
        }
        CompletableFuture<Void> ended = new CompletableFuture<>();
        ServletOutputStream out;
        try {
            ctx.status(200);
            ctx.res().setContentType("text/event-stream;charset=utf-8");
            ctx.res().setHeader("Cache-Control", "no-cache");
            // a proxy that buffers (nginx does by default) would hold the events back
            ctx.res().setHeader("X-Accel-Buffering", "no");
            out = ctx.res().getOutputStream();
            ctx.future(() -> ended);
            // the client learns at once that the stream is open, before the first event
            out.write(": order events\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException | RuntimeException e) {
            streams.release(address);
            throw e;
        }
        streams.open(order, lastEventId, address, new BuyerStreams.Sink() {
            @Override
            public void write(String text) throws IOException {
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }

            @Override
            public void end() {
                ended.complete(null);
            }
        }, () -> orders.forBuyer(orderId, openid));
    }

    /** The seq a reconnecting EventSource names; null when it names none. */
    private static Long lastEventId(String raw) {
        if (raw == null || raw.isBlank()) return null;
        try {
            long seq = Long.parseLong(raw.strip());
            if (seq >= 0) return seq;
        } catch (NumberFormatException ignored) {
            // refused below
        }
        throw ApiError.invalid("Last-Event-ID", "must be an event id this server sent");
    }
}
