package sell;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;
import com.fasterxml.jackson.databind.JsonNode;
import sell.core.Json;

/**
 * The self-test command: runs sell end to end on a free port with a throwaway database (a seller
 * socket connects, a buyer orders from the demo menu, the socket gets the order) and stops. It
 * proves a machine can run sell, and run.sh uses it to record the class archive that makes
 * later starts fast.
 */
final class SelfTest {
    /** What the self-test saw: the order placed, its amount in cents and the seq it arrived with. */
    record Result(String orderId, long amountCents, long seq, long millis) {
    }

    private SelfTest() {
    }

    static Result run() throws IOException {
        long started = System.nanoTime();
        Path dir = Files.createTempDirectory("sell-self-test");
        String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        try (App app = App.start(new Config(0, dir.resolve("sell.db").toString(), dir, token, 0))) {
            LoopbackClient client = new LoopbackClient(app.port());
            LoopbackClient.Response health = client.send("GET", "/sell/health", null, null);
            if (health.status() != 200) throw new IllegalStateException("/sell/health answered " + health.status());

            try (LoopbackClient.WebSocket socket = client.openWebSocket("/sell/webSocket?token=" + token)) {
                JsonNode hello = next(socket);
                if (!hello.path("type").asText().equals("hello")) throw new IllegalStateException("the socket began with " + hello);

                LoopbackClient.Response created = client.send("POST", "/sell/api/orders", "application/json",
                        "{\"buyerName\":\"Self test\",\"buyerPhone\":\"13800000000\",\"buyerAddress\":\"1 Test Road\","
                                + "\"buyerOpenid\":\"self-test\",\"items\":[{\"productId\":\"beef-noodle-soup\",\"productQuantity\":2}]}");
                if (created.status() != 201) {
                    throw new IllegalStateException("creating an order answered " + created.status() + ": " + created.body());
                }
                JsonNode order = Json.readObject(created.body().getBytes(StandardCharsets.UTF_8));
                JsonNode event = next(socket);
                String orderId = order.path("orderId").asText();
                if (!event.path("type").asText().equals("order.created")
                        || !event.path("order").path("orderId").asText().equals(orderId)) {
                    throw new IllegalStateException("the socket got " + event + " instead of order " + orderId);
                }
                long cents = order.path("orderAmount").decimalValue().movePointRight(2).longValueExact();
                return new Result(orderId, cents, event.path("seq").asLong(), (System.nanoTime() - started) / 1_000_000);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static JsonNode next(LoopbackClient.WebSocket socket) throws IOException {
        String text = socket.nextText();
        if (text == null) throw new IllegalStateException("the server closed the socket");
        return Json.readObject(text.getBytes(StandardCharsets.UTF_8));
    }
}
