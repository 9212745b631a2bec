package sell;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * A Server-Sent Events client over a plain streaming read, as a browser's EventSource reads the
 * stream: events of "event:", "id:" and "data:" lines ended by a blank line; comment lines kept
 * apart. Reads block until the server sends (or the read timeout passes, which fails the test).
 */
final class EventStream implements AutoCloseable {
    record Message(String event, String id, String data) {
    }

    private static final OkHttpClient CLIENT = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(15)).build();

    private final Response response;
    private final BufferedSource source;
    final List<String> comments = new ArrayList<>();
    private boolean ended;

    private EventStream(Response response) {
        this.response = response;
        this.source = response.body().source();
    }

    /** Opens the stream at url; lastEventId may be null. */
    static EventStream open(String url, String lastEventId) {
        Request.Builder request = new Request.Builder().url(url).header("Accept", "text/event-stream");
        if (lastEventId != null) request.header("Last-Event-ID", lastEventId);
        try {
            return new EventStream(CLIENT.newCall(request.build()).execute());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int status() {
        return response.code();
    }

    String contentType() {
        return response.header("Content-Type");
    }

    /** The whole body of an answer that is not a stream (a refusal). */
    String body() {
        try {
            return response.body().string();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next event, or null when the server ended the stream. */
    Message next() {
        String event = null;
        String id = null;
        StringBuilder data = null;
        try {
            while (true) {
                String line = source.readUtf8Line();
                if (line == null) {
                    ended = true;
                    return null;
                }
                if (line.isEmpty()) {
                    if (data != null) return new Message(event == null ? "message" : event, id, data.toString());
                    continue;
                }
                if (line.startsWith(":")) {
                    comments.add(line.substring(1).strip());
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("data:")) {
                    if (data == null) data = new StringBuilder();
                    else data.append('\n');
                    data.append(line.substring(5).strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads lines until a comment line, which it returns; an event before it fails. */
    String nextComment() {
        try {
            while (true) {
                String line = source.readUtf8Line();
                if (line == null) throw new AssertionError("the stream ended before a comment");
                if (line.startsWith(":")) {
                    comments.add(line.substring(1).strip());
                    return comments.get(comments.size() - 1);
                }
                if (!line.isEmpty()) throw new AssertionError("an event came before the comment: " + line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean ended() {
        return ended;
    }

    @Override
    public void close() {
        response.close();
    }
}
