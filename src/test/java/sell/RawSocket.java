package sell;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** A WebSocket client that completes the handshake and then does nothing: never reads, never answers pings. */
final class RawSocket implements AutoCloseable {
    final java.net.Socket tcp;
    final String handshakeStatusLine;

    RawSocket(int port, String pathAndQuery, int receiveBuffer) throws IOException {
        tcp = new java.net.Socket();
        if (receiveBuffer > 0) tcp.setReceiveBufferSize(receiveBuffer);
        tcp.connect(new java.net.InetSocketAddress("localhost", port));
        OutputStream out = tcp.getOutputStream();
        out.write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = tcp.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) break;
            head.write(b);
        }
        handshakeStatusLine = head.toString(StandardCharsets.US_ASCII).lines().findFirst().orElse("");
    }

    /** True once the server has closed its side (reads what is buffered until end of stream). */
    boolean serverClosed(long waitMillis) {
        try {
            tcp.setSoTimeout((int) waitMillis);
            InputStream in = tcp.getInputStream();
            byte[] buffer = new byte[65536];
            long end = System.currentTimeMillis() + waitMillis;
            while (System.currentTimeMillis() < end) {
                if (in.read(buffer) < 0) return true;
            }
            return false;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        tcp.close();
    }
}
