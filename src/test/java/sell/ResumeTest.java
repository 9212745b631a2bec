package sell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Runs on both stores. */
@ParameterizedClass
@EnumSource(Store.class)
class ResumeTest extends ServerTest {
    ResumeTest(Store store) {
        super(store);
    }

    private static List<String> orderIds(List<JsonNode> events) {
        List<String> ids = new ArrayList<>();
        for (JsonNode e : events) ids.add(e.get("order").get("orderId").asText());
        return ids;
    }

    private static List<Long> seqs(List<JsonNode> events) {
        List<Long> seqs = new ArrayList<>();
        for (JsonNode e : events) seqs.add(e.get("seq").asLong());
        return seqs;
    }

    @Test
    void resumingAfterADisconnectReplaysWhatWasMissedThenContinuesLive() {
        String epoch;
        long lastSeen;
        try (Socket socket = Socket.connect(server, "")) {
            epoch = socket.next().get("epoch").asText();
            server.placeOrder("resume-1", "milk-tea", 1);
            lastSeen = socket.nextEvent().get("seq").asLong();
        }
        assertEquals(1, lastSeen);
        List<String> missed = new ArrayList<>();
        for (int i = 0; i < 3; i++) missed.add(server.placeOrder("resume-2", "lemon-tea", 1).get("orderId").asText());
        try (Socket socket = Socket.connect(server, "since=" + lastSeen + "&epoch=" + epoch)) {
            JsonNode hello = socket.next();
            assertEquals("hello", hello.get("type").asText());
            assertEquals(4, hello.get("headSeq").asLong());
            List<JsonNode> replayed = socket.nextEvents(3);
            assertEquals(missed, orderIds(replayed));
            assertEquals(List.of(2L, 3L, 4L), seqs(replayed));
            String live = server.placeOrder("resume-3", "mapo-tofu", 1).get("orderId").asText();
            JsonNode next = socket.nextEvent();
            assertEquals(5, next.get("seq").asLong());
            assertEquals(live, next.get("order").get("orderId").asText());
            assertEquals(List.of(), socket.drain(300));
        }
    }

    @Test
    void resumingAfterARestartOnTheSameFileLosesNothing() {
        String epoch;
        try (Socket socket = Socket.connect(server, "")) {
            epoch = socket.next().get("epoch").asText();
            server.placeOrder("restart-1", "milk-tea", 1);
            assertEquals(1, socket.nextEvent().get("seq").asLong());
            server.restart();
            assertEquals(1001, socket.closed.join());
        }
        JsonNode afterRestart = server.placeOrder("restart-2", "beef-noodle-soup", 1);
        String finished = server.sellerPost("/sell/api/seller/orders/" + afterRestart.get("orderId").asText() + "/finish", "")
                .json().get("orderStatus").asText();
        assertEquals("FINISHED", finished);
        try (Socket socket = Socket.connect(server, "since=1&epoch=" + epoch)) {
            JsonNode hello = socket.next();
            assertEquals(epoch, hello.get("epoch").asText(), "a restart keeps the log, so the epoch stays");
            assertEquals(3, hello.get("headSeq").asLong());
            List<JsonNode> replayed = socket.nextEvents(2);
            assertEquals(List.of(2L, 3L), seqs(replayed));
            assertEquals("order.created", replayed.get(0).get("type").asText());
            assertEquals("order.updated", replayed.get(1).get("type").asText());
            assertEquals(afterRestart.get("orderId"), replayed.get(1).get("order").get("orderId"));
            assertEquals("FINISHED", replayed.get(1).get("order").get("orderStatus").asText());
            assertEquals(List.of(), socket.drain(300));
        }
    }

    @Test
    void eventsReadBackFromTheFileAfterARestartAreTheTextsSentLive() {
        String epoch;
        Map<Long, String> live;
        try (Socket socket = Socket.connect(server, "")) {
            epoch = socket.next().get("epoch").asText();
            String first = server.placeOrder("text-1", "milk-tea", 2).get("orderId").asText();
            String second = server.placeOrder("text-2", "lemon-tea", 1).get("orderId").asText();
            assertEquals(200, server.sellerPost("/sell/api/seller/orders/" + first + "/finish", "").status());
            assertEquals(200, server.sellerPost("/sell/api/seller/orders/" + second + "/cancel", "").status());
            assertEquals(List.of(1L, 2L, 3L, 4L), seqs(socket.nextEvents(4)));
            live = Map.copyOf(socket.eventTexts);
        }
        // the memory tail goes with the process: the resume below reads every event from the file
        server.restart();
        try (Socket socket = Socket.connect(server, "since=0&epoch=" + epoch)) {
            assertEquals(4, socket.next().get("headSeq").asLong());
            List<JsonNode> replayed = socket.nextEvents(4);
            assertEquals(List.of(1L, 2L, 3L, 4L), seqs(replayed));
            assertEquals(live, socket.eventTexts, "each event, created or updated, is the text sent live");
            // the first order is finished by now; its order.created event still shows it as created
            assertEquals("NEW", replayed.get(0).get("order").get("orderStatus").asText());
            assertEquals(replayed.get(0).get("order").get("createTime"), replayed.get(0).get("order").get("updateTime"));
            assertEquals("2", replayed.get(0).get("order").get("items").get(0).get("productQuantity").asText());
            assertEquals("FINISHED", replayed.get(2).get("order").get("orderStatus").asText());
            assertEquals("CANCELLED", replayed.get(3).get("order").get("orderStatus").asText());
        }
        // the page of events over HTTP reads the same file
        String page = server.sellerGet("/sell/api/seller/events?since=0").body();
        assertEquals("{\"events\":[" + String.join(",", live.get(1L), live.get(2L), live.get(3L), live.get(4L)) + "],",
                page.substring(0, page.indexOf("\"headSeq\"")));
    }

    @Test
    void aResumeThatCannotBeServedInFullGetsReset() {
        server.placeOrder("reset-1", "milk-tea", 1);
        server.placeOrder("reset-1", "milk-tea", 1);
        try (Socket beyondHead = Socket.connect(server, "since=9")) {
            assertEquals("hello", beyondHead.next().get("type").asText());
            JsonNode reset = beyondHead.next();
            assertEquals("reset", reset.get("type").asText());
            assertEquals(2, reset.get("headSeq").asLong());
            String live = server.placeOrder("reset-2", "milk-tea", 1).get("orderId").asText();
            JsonNode next = beyondHead.nextEvent();
            assertEquals(3, next.get("seq").asLong());
            assertEquals(live, next.get("order").get("orderId").asText());
        }
        try (Socket otherEpoch = Socket.connect(server, "since=1&epoch=0000-other-log")) {
            JsonNode hello = otherEpoch.next();
            assertNotEquals("0000-other-log", hello.get("epoch").asText());
            JsonNode reset = otherEpoch.next();
            assertEquals("reset", reset.get("type").asText());
            assertEquals(3, reset.get("headSeq").asLong());
            assertEquals(List.of(), otherEpoch.drain(300), "nothing from the old position is replayed");
        }
    }

    @Test
    void aFreshDatabaseHasItsOwnEpoch() {
        String first;
        try (Socket socket = Socket.connect(server, "")) {
            first = socket.next().get("epoch").asText();
        }
        try (TestServer other = TestServer.start(); Socket socket = Socket.connect(other, "")) {
            assertNotEquals(first, socket.next().get("epoch").asText());
        }
    }

    @Test
    void aBadSinceIsRefusedAtTheHandshake() {
        for (String query : List.of("since=-1", "since=abc", "since=1.5", "epoch=%3Cscript%3E")) {
            Socket socket = Socket.open(server, "/sell/webSocket?token=" + TestServer.TOKEN + "&" + query, null);
            int status = socket.opened.handle((r, e) -> e == null ? 101 : ((Socket.HandshakeFailed) e).status).join();
            assertEquals(422, status, query);
        }
    }
}
