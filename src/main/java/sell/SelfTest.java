package sell;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import com.fasterxml.jackson.databind.JsonNode;
import sell.http.Json;

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

    private static final Duration WAIT = Duration.ofSeconds(10);

    private SelfTest() {
    }

    static Result run() throws IOException, InterruptedException {
        long started = System.nanoTime();
        Path dir = Files.createTempDirectory("sell-self-test");
        String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        try (App app = App.start(new Config(0, dir.resolve("sell.db").toString(), dir, token, 0))) {
            String base = "http://localhost:" + app.port();
            HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/sell/health")).timeout(WAIT)
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (health.statusCode() != 200) throw new IllegalStateException("/sell/health answered " + health.statusCode());

            BlockingQueue<String> messages = new LinkedBlockingQueue<>();
            WebSocket socket = http.newWebSocketBuilder().connectTimeout(WAIT)
                    .buildAsync(URI.create("ws" + base.substring(4) + "/sell/webSocket?token=" + token), new Collect(messages))
                    .orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
            try {
                JsonNode hello = next(messages);
                if (!hello.path("type").asText().equals("hello")) throw new IllegalStateException("the socket began with " + hello);

                HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/sell/api/orders"))
                        .timeout(WAIT).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"buyerName\":\"Self test\",\"buyerPhone\":\"13800000000\","
                                + "\"buyerAddress\":\"1 Test Road\",\"buyerOpenid\":\"self-test\","
                                + "\"items\":[{\"productId\":\"beef-noodle-soup\",\"productQuantity\":2}]}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (created.statusCode() != 201) {
                    throw new IllegalStateException("creating an order answered " + created.statusCode() + ": " + created.body());
                }
                JsonNode order = Json.readObject(created.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                JsonNode event = next(messages);
                String orderId = order.path("orderId").asText();
                if (!event.path("type").asText().equals("order.created")
                        || !event.path("order").path("orderId").asText().equals(orderId)) {
                    throw new IllegalStateException("the socket got " + event + " instead of order " + orderId);
                }
                long cents = order.path("orderAmount").decimalValue().movePointRight(2).longValueExact();
                return new Result(orderId, cents, event.path("seq").asLong(), (System.nanoTime() - started) / 1_000_000);
            } finally {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(1, TimeUnit.SECONDS).exceptionally(e -> null).join();
                messages.poll(1, TimeUnit.SECONDS); // the server's close
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static JsonNode next(BlockingQueue<String> messages) throws InterruptedException {
        String text = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (text == null) throw new IllegalStateException("the socket got nothing within " + WAIT.toSeconds() + " s");
        return Json.readObject(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Collects whole text messages. */
    private record Collect(BlockingQueue<String> messages, StringBuilder partial) implements WebSocket.Listener {
        Collect(BlockingQueue<String> messages) {
            this(messages, new StringBuilder());
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
            messages.add("{\"type\":\"closed\"}");
            return null;
        }
    }
}
