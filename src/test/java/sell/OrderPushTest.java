package sell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Runs on both stores. */
@ParameterizedClass
@EnumSource(Store.class)
class OrderPushTest extends ServerTest {
    OrderPushTest(Store store) {
        super(store);
    }

    @Test
    void everySocketOfTheShopReceivesTheNewOrder() {
        try (Socket first = Socket.connect(server, ""); Socket second = Socket.connect(server, "");
             Socket third = Socket.open(server, "/sell/webSocket", "Bearer " + TestServer.TOKEN)) {
            third.awaitOpen();
            for (Socket socket : List.of(first, second, third)) {
                JsonNode hello = socket.next();
                assertEquals("hello", hello.get("type").asText());
                assertEquals(0, hello.get("headSeq").asLong());
                assertFalse(hello.get("epoch").asText().isEmpty());
            }
            JsonNode order = server.placeOrder("buyer-1", "beef-noodle-soup", 2);
            for (Socket socket : List.of(first, second, third)) {
                JsonNode event = socket.nextEvent();
                assertEquals("order.created", event.get("type").asText());
                assertEquals(1, event.get("seq").asLong());
                assertEquals(order.get("orderId").asText(), event.get("order").get("orderId").asText());
                assertEquals("26", event.get("order").get("orderAmount").asText());
                assertEquals("Beef noodle soup", event.get("order").get("items").get(0).get("productName").asText());
                assertEquals(2, event.get("order").get("items").get(0).get("productQuantity").asInt());
            }
        }
    }

    @Test
    void theEventIsExactlyWhatTheCatchUpEndpointReturns() {
        try (Socket socket = Socket.connect(server, "")) {
            socket.next();
            server.placeOrder("buyer-2", "milk-tea", 3);
            JsonNode pushed = socket.nextEvent();
            JsonNode caughtUp = server.sellerGet("/sell/api/seller/events?since=0").json();
            assertEquals(1, caughtUp.get("headSeq").asLong());
            assertEquals(pushed, caughtUp.get("events").get(0));
            assertEquals("19.5", pushed.get("order").get("orderAmount").asText());
        }
    }

    @Test
    void aSocketWithoutAValidTokenNeverOpens() {
        for (String path : List.of("/sell/webSocket", "/sell/webSocket?token=wrong-token-000000000",
                "/sell/webSocket?token=")) {
            Socket socket = Socket.open(server, path, null);
            ExecutionException failure = assertThrows(ExecutionException.class,
                    () -> socket.opened.get(10, TimeUnit.SECONDS));
            assertEquals(401, ((Socket.HandshakeFailed) failure.getCause()).status, path);
        }
        Socket wrongBearer = Socket.open(server, "/sell/webSocket", "Bearer nope-nope-nope-nope");
        ExecutionException failure = assertThrows(ExecutionException.class,
                () -> wrongBearer.opened.get(10, TimeUnit.SECONDS));
        assertEquals(401, ((Socket.HandshakeFailed) failure.getCause()).status);
        assertEquals(0, server.get("/sell/health").json().get("sockets").asInt());
    }

    @Test
    void clientMessagesAreIgnoredButAnOversizedOneClosesWith1009() throws Exception {
        try (Socket socket = Socket.connect(server, "")) {
            socket.next();
            assertTrue(socket.send("{\"type\":\"whatever\"}"));
            String orderId = server.placeOrder("buyer-9", "milk-tea", 1).get("orderId").asText();
            assertEquals(orderId, socket.nextEvent().get("order").get("orderId").asText());
            assertTrue(socket.send("x".repeat(5000)));
            assertEquals(1009, socket.closed.get(10, TimeUnit.SECONDS));
        }
    }
}
