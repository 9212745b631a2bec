package sell;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/** A seller socket as a test sees it: every text frame parsed, in arrival order. */
final class Socket implements AutoCloseable {
    final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    /** When each order's order.created frame arrived (System.nanoTime), for latency figures. */
    final java.util.Map<String, Long> createdArrivals = new java.util.concurrent.ConcurrentHashMap<>();
    /** Each event's text exactly as it arrived, by seq. */
    final java.util.Map<Long, String> eventTexts = new java.util.concurrent.ConcurrentHashMap<>();
    final CompletableFuture<Response> opened = new CompletableFuture<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket webSocket;

    private Socket(OkHttpClient client, Request request) {
        webSocket = client.newWebSocket(request, new WebSocketListener() {
            @Override
            public void onOpen(WebSocket ws, Response response) {
                opened.complete(response);
            }

            @Override
            public void onMessage(WebSocket ws, String text) {
                try {
                    long now = System.nanoTime();
                    JsonNode message = TestServer.MAPPER.readTree(text);
                    // every event of the log (orders and menu changes), not hello, reset or heartbeat
                    String type = message.path("type").asText();
                    if (type.contains(".") && message.has("seq")) eventTexts.put(message.path("seq").asLong(), text);
                    if (message.path("type").asText().equals("order.created")) {
                        createdArrivals.put(message.path("order").path("orderId").asText(), now);
                    }
                    messages.add(message);
                } catch (IOException e) {
                    messages.add(TestServer.MAPPER.getNodeFactory().textNode("unparseable: " + text));
                }
            }

            @Override
            public void onClosing(WebSocket ws, int code, String reason) {
                closed.complete(code);
                ws.close(1000, null);
            }

            @Override
            public void onFailure(WebSocket ws, Throwable t, Response response) {
                opened.completeExceptionally(new HandshakeFailed(response == null ? -1 : response.code(), t));
                closed.complete(-1);
            }
        });
    }

    static final class HandshakeFailed extends RuntimeException {
        final int status;

        HandshakeFailed(int status, Throwable cause) {
            super("handshake failed with " + status, cause);
            this.status = status;
        }
    }

    /** Connects with the test token in the query and waits for hello. */
    static Socket connect(TestServer server, String query) {
        Socket socket = open(server, "/sell/webSocket?token=" + TestServer.TOKEN + (query.isEmpty() ? "" : "&" + query), null);
        socket.awaitOpen();
        return socket;
    }

    static Socket open(TestServer server, String pathAndQuery, String authorization) {
        return open(server, pathAndQuery, authorization, null, null);
    }

    static Socket open(TestServer server, String pathAndQuery, String authorization, String cookie, String origin) {
        Request.Builder request = new Request.Builder().url(server.wsUrl(pathAndQuery));
        if (authorization != null) request.header("Authorization", authorization);
        if (cookie != null) request.header("Cookie", cookie);
        if (origin != null) request.header("Origin", origin);
        return new Socket(server.http, request.build());
    }

    static Socket openUrl(TestServer server, String url) {
        return new Socket(server.http, new Request.Builder().url(url).build());
    }

    /** Connects to any server's socket URL (a process of its own, say) with the given client. */
    static Socket openUrl(OkHttpClient client, String url) {
        return new Socket(client, new Request.Builder().url(url).build());
    }

    /** The seqs of the events received so far, 1, 2, 3, … up to the first one missing. */
    long lastContiguous() {
        return lastContiguousAfter(0);
    }

    /** The last of the seqs from + 1, from + 2, … received without a gap; from when none is. */
    long lastContiguousAfter(long from) {
        long last = from;
        while (eventTexts.containsKey(last + 1)) last++;
        return last;
    }

    void awaitOpen() {
        try {
            opened.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("socket did not open", e);
        }
    }

    JsonNode next() {
        try {
            JsonNode message = messages.poll(10, TimeUnit.SECONDS);
            if (message == null) throw new AssertionError("no message within 10 s");
            return message;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** The next message that is not a heartbeat. */
    JsonNode nextEvent() {
        JsonNode message;
        do {
            message = next();
        } while (message.path("type").asText().equals("heartbeat"));
        return message;
    }

    List<JsonNode> nextEvents(int count) {
        List<JsonNode> events = new ArrayList<>();
        while (events.size() < count) events.add(nextEvent());
        return events;
    }

    /** Waits a little and returns whatever arrived, heartbeats left out. */
    List<JsonNode> drain(long millis) {
        List<JsonNode> rest = new ArrayList<>();
        long end = System.currentTimeMillis() + millis;
        try {
            while (true) {
                long left = end - System.currentTimeMillis();
                if (left <= 0) break;
                JsonNode message = messages.poll(left, TimeUnit.MILLISECONDS);
                if (message != null && !message.path("type").asText().equals("heartbeat")) rest.add(message);
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        return rest;
    }

    boolean send(String text) {
        return webSocket.send(text);
    }

    @Override
    public void close() {
        webSocket.close(1000, null);
    }

    void cancel() {
        webSocket.cancel();
    }
}
