package sell;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import sell.push.BuyerStreams;

/** The buyer's reminder and live view of an order (Server-Sent Events), on both stores. */
@ParameterizedClass
@EnumSource(Store.class)
class BuyerSideTest extends ServerAndSocketTest {
    BuyerSideTest(Store store) {
        super(store);
    }

    private String place(String openid) {
        JsonNode order = server.placeOrder(openid, "beef-noodle-soup", 1);
        assertEquals("order.created", socket.nextEvent().get("type").asText());
        return order.get("orderId").asText();
    }

    private TestServer.Reply remind(String orderId, String openid) {
        return server.post("/sell/api/orders/" + orderId + "/remind?openid=" + openid, "");
    }

    private EventStream stream(String orderId, String openid, String lastEventId) {
        return EventStream.open(server.url("/sell/api/orders/" + orderId + "/events?openid=" + openid), lastEventId);
    }

    private static JsonNode json(String text) {
        try {
            return sell.core.Json.mapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aReminderRingsEverySellerSocketAtMostOnceEveryTwoMinutes() {
        String orderId = place("waiting-buyer");
        try (Socket second = Socket.connect(server, "")) {
            second.next();
            long before = System.currentTimeMillis();
            TestServer.Reply reminded = remind(orderId, "waiting-buyer");
            assertEquals(202, reminded.status(), reminded.toString());
            assertEquals(orderId, reminded.json().get("orderId").asText());
            long at = Instant.parse(reminded.json().get("remindedAt").asText()).toEpochMilli();
            assertTrue(at >= before - 1000 && at <= System.currentTimeMillis() + 1000, "remindedAt " + at);

            for (Socket seller : List.of(socket, second)) {
                JsonNode event = seller.nextEvent();
                assertEquals("order.reminded", event.get("type").asText());
                assertEquals(2, event.get("seq").asLong());
                assertEquals(orderId, event.get("order").get("orderId").asText());
                assertEquals("NEW", event.get("order").get("orderStatus").asText());
            }
            assertEquals(2, server.headSeq());

            TestServer.Reply again = remind(orderId, "waiting-buyer");
            assertEquals(429, again.status(), again.toString());
            assertEquals("remind_too_soon", again.json().get("error").get("code").asText());
            long retryAfter = Long.parseLong(again.headers().get("Retry-After"));
            assertTrue(retryAfter >= 110 && retryAfter <= 120, "Retry-After " + retryAfter);
            assertEquals(2, server.headSeq(), "a refused reminder appends nothing");

            // the next event any socket sees is the seller's finish: no second reminder came between
            server.sellerPost("/sell/api/seller/orders/" + orderId + "/finish", "");
            for (Socket seller : List.of(socket, second)) {
                JsonNode event = seller.nextEvent();
                assertEquals("order.updated", event.get("type").asText());
                assertEquals(3, event.get("seq").asLong());
            }
        }
    }

    @Test
    void onlyTheBuyerMayRemindAndOnlyOfANewOrder() {
        String orderId = place("the-buyer");
        assertEquals(404, remind(orderId, "someone-else").status());
        assertEquals(404, remind("999999999999", "the-buyer").status());
        TestServer.Reply noOpenid = server.post("/sell/api/orders/" + orderId + "/remind", "");
        assertEquals(400, noOpenid.status());
        assertEquals("missing_parameter", noOpenid.json().get("error").get("code").asText());
        TestServer.Reply notUtf8 = server.post("/sell/api/orders/" + orderId + "/remind?openid=the-buyer%FF", "");
        assertEquals(400, notUtf8.status(), "percent-escaped bytes that are not UTF-8: " + notUtf8);
        assertEquals("malformed_request", notUtf8.json().get("error").get("code").asText());
        assertEquals(1, server.headSeq(), "refused reminders append nothing");

        server.sellerPost("/sell/api/seller/orders/" + orderId + "/cancel", "");
        assertEquals("order.updated", socket.nextEvent().get("type").asText());
        TestServer.Reply cancelled = remind(orderId, "the-buyer");
        assertEquals(409, cancelled.status(), cancelled.toString());
        assertEquals("invalid_transition", cancelled.json().get("error").get("code").asText());
        assertEquals(2, server.headSeq());
    }

    @Test
    void theLiveViewShowsTheOrderMoveAndEndsWhenItIsFinished() {
        String orderId = place("watching-buyer");
        try (EventStream view = stream(orderId, "watching-buyer", null)) {
            assertEquals(200, view.status());
            assertTrue(view.contentType().startsWith("text/event-stream"), view.contentType());
            EventStream.Message first = view.next();
            assertEquals("order", first.event());
            assertEquals("1", first.id());
            assertEquals(orderId, json(first.data()).get("orderId").asText());
            assertEquals("NEW", json(first.data()).get("orderStatus").asText());

            // a reminder is not a change of the order: the view shows none
            assertEquals(202, remind(orderId, "watching-buyer").status());
            server.sellerPost("/sell/api/seller/orders/" + orderId + "/pay", "");
            EventStream.Message paid = view.next();
            assertEquals("3", paid.id());
            assertEquals("SUCCESS", json(paid.data()).get("payStatus").asText());
            assertEquals("NEW", json(paid.data()).get("orderStatus").asText());

            server.sellerPost("/sell/api/seller/orders/" + orderId + "/finish", "");
            EventStream.Message finished = view.next();
            assertEquals("4", finished.id());
            assertEquals("FINISHED", json(finished.data()).get("orderStatus").asText());
            assertNull(view.next(), "the view ends after the order is finished");
            assertTrue(view.ended());
        }
    }

    @Test
    void aReconnectWithLastEventIdMissesNothing() {
        String orderId = place("returning-buyer");
        String other = place("another-buyer");
        String lastSeen;
        try (EventStream view = stream(orderId, "returning-buyer", null)) {
            lastSeen = view.next().id();
            assertEquals("2", lastSeen);
        }
        // while the buyer is away: two changes of their order, one of another order between them
        server.sellerPost("/sell/api/seller/orders/" + orderId + "/pay", "");
        server.sellerPost("/sell/api/seller/orders/" + other + "/cancel", "");
        server.sellerPost("/sell/api/seller/orders/" + orderId + "/finish", "");
        List<String> ids = new ArrayList<>();
        List<String> states = new ArrayList<>();
        try (EventStream view = stream(orderId, "returning-buyer", lastSeen)) {
            for (EventStream.Message message = view.next(); message != null; message = view.next()) {
                ids.add(message.id());
                JsonNode order = json(message.data());
                assertEquals(orderId, order.get("orderId").asText());
                states.add(order.get("orderStatus").asText() + "/" + order.get("payStatus").asText());
            }
        }
        assertEquals(List.of("3", "5"), ids);
        assertEquals(List.of("NEW/SUCCESS", "FINISHED/SUCCESS"), states);

        // a buyer who saw the end and comes back gets no events, and the stream ends at once
        try (EventStream view = stream(orderId, "returning-buyer", "5")) {
            assertEquals(200, view.status());
            assertNull(view.next());
        }
    }

    @Test
    void anIdleViewGetsACommentLineEveryHeartbeatToKeepProxiesFromClosingIt() {
        try (TestServer quick = TestServer.start(store,
                c -> c.withPush(Duration.ofMillis(300), c.pingTimeout(), c.socketQueueBytes()))) {
            String orderId = quick.placeOrder("idle-buyer", "beef-noodle-soup", 1).get("orderId").asText();
            try (EventStream view = EventStream.open(quick.url("/sell/api/orders/" + orderId + "/events?openid=idle-buyer"),
                    null)) {
                assertEquals("1", view.next().id());
                assertEquals("keep-alive", view.nextComment());
                assertEquals("keep-alive", view.nextComment());
            }
        }
    }

    @Test
    void aWrongOpenidGetsNotFoundAndNoStream() {
        String orderId = place("real-buyer");
        try (EventStream view = stream(orderId, "guessing-buyer", null)) {
            assertEquals(404, view.status());
            assertTrue(view.contentType().startsWith("application/json"), view.contentType());
            assertEquals("not_found", json(view.body()).get("error").get("code").asText());
        }
        try (EventStream view = stream(orderId, "real-buyer", "not-a-seq")) {
            assertEquals(422, view.status());
            assertEquals("Last-Event-ID", json(view.body()).get("error").get("field").asText());
        }
    }

    @Test
    void oneAddressHoldsAtMostItsShareOfStreams() {
        String orderId = place("busy-buyer");
        List<EventStream> open = new ArrayList<>();
        try {
            for (int i = 0; i < BuyerStreams.PER_ADDRESS; i++) {
                EventStream view = stream(orderId, "busy-buyer", null);
                open.add(view);
                assertEquals(200, view.status());
                assertEquals("1", view.next().id());
            }
            try (EventStream refused = stream(orderId, "busy-buyer", null)) {
                assertEquals(429, refused.status());
                assertEquals("too_many_streams", json(refused.body()).get("error").get("code").asText());
                assertNotNull(refused.contentType());
            }
            // a stream that ends gives its place back
            server.sellerPost("/sell/api/seller/orders/" + orderId + "/finish", "");
            assertEquals("order.updated", socket.nextEvent().get("type").asText());
            for (EventStream view : open) {
                assertEquals("FINISHED", json(view.next().data()).get("orderStatus").asText());
                assertNull(view.next());
            }
            String next = place("busy-buyer");
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                try (EventStream view = stream(next, "busy-buyer", null)) {
                    return view.status() == 200;
                }
            });
        } finally {
            open.forEach(EventStream::close);
        }
    }
}
