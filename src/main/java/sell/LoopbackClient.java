package sell;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The self-test's client: plain HTTP/1.0 and a WebSocket over java.net.Socket, enough to talk to
 * this server on loopback. It is deliberately small: the self-test records the class archive
 * that later starts map, and the JDK's HTTP client would add its own (and TLS's) classes to it,
 * which the server never uses.
 */
final class LoopbackClient {
    /** A status and a body. */
    record Response(int status, String body) {
    }

    private static final int TIMEOUT_MILLIS = 10_000;

    private final int port;

    LoopbackClient(int port) {
        this.port = port;
    }

    /** One request on its own connection; HTTP/1.0, so the body ends where the connection does. */
    Response send(String method, String path, String contentType, String body) throws IOException {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = connect()) {
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.0\r\nHost: localhost:" + port + "\r\n");
            if (body != null) {
                head.append("Content-Type: ").append(contentType).append("\r\nContent-Length: ").append(content.length)
                        .append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int headEnd = answer.indexOf("\r\n\r\n");
            if (!answer.startsWith("HTTP/1.") || headEnd < 0) throw new IOException("not an HTTP answer: " + answer);
            return new Response(Integer.parseInt(answer.substring(9, 12)), answer.substring(headEnd + 4));
        }
    }

    /** Opens a WebSocket at path; fails unless the server switches protocols. */
    WebSocket openWebSocket(String path) throws IOException {
        Socket socket = connect();
        try {
            String key = Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(16));
            String handshake = "GET " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
            socket.getOutputStream().write(handshake.getBytes(StandardCharsets.ISO_8859_1));
            DataInputStream in = new DataInputStream(socket.getInputStream());
            String head = readHead(in);
            if (!head.startsWith("HTTP/1.1 101")) throw new IOException("the WebSocket handshake was answered " + head);
            return new WebSocket(socket, in);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** A client WebSocket: reads whole text messages, answers pings, masks what it sends. */
    static final class WebSocket implements AutoCloseable {
        private final Socket socket;
        private final DataInputStream in;
        private final SecureRandom random = new SecureRandom();

        private WebSocket(Socket socket, DataInputStream in) {
            this.socket = socket;
            this.in = in;
        }

        /** The next whole text message; null when the server closed the socket. */
        String nextText() throws IOException {
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            while (true) {
                int first = in.readUnsignedByte();
                int second = in.readUnsignedByte();
                long length = second & 0x7F;
                if (length == 126) length = in.readUnsignedShort();
                else if (length == 127) length = in.readLong();
                if ((second & 0x80) != 0 || length > 1 << 20) throw new IOException("unexpected frame from the server");
                byte[] payload = in.readNBytes((int) length);
                int opcode = first & 0x0F;
                switch (opcode) {
                    case 0x8 -> {
                        return null;
                    }
                    case 0x9 -> sendFrame(0xA, payload);
                    case 0x0, 0x1 -> {
                        message.write(payload);
                        if ((first & 0x80) != 0) return message.toString(StandardCharsets.UTF_8);
                    }
                    default -> {
                        // pongs and binary frames are not part of sell's protocol; skipped
                    }
                }
            }
        }

        private void sendFrame(int opcode, byte[] payload) throws IOException {
            if (payload.length > 125) throw new IllegalArgumentException("only short control frames are sent");
            byte[] mask = new byte[4];
            random.nextBytes(mask);
            byte[] frame = new byte[6 + payload.length];
            frame[0] = (byte) (0x80 | opcode);
            frame[1] = (byte) (0x80 | payload.length);
            System.arraycopy(mask, 0, frame, 2, 4);
            for (int i = 0; i < payload.length; i++) frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
            socket.getOutputStream().write(frame);
        }

        /** Sends a normal close and waits (briefly) for the server's before closing the connection. */
        @Override
        public void close() throws IOException {
            try {
                sendFrame(0x8, new byte[] {0x03, (byte) 0xE8});
                socket.setSoTimeout(1_000);
                while (nextText() != null) {
                    // messages still on the way before the server's close
                }
            } catch (IOException ignored) {
                // closing anyway
            } finally {
                socket.close();
            }
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress("localhost", port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) throw new IOException("the connection closed during the handshake: " + head);
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }
}
