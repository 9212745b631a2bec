package sell.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many seller sockets read by a few selector threads, with a WebSocket client just big enough
 * for the job (handshake, unmasked server frames, pongs), so that the client costs little
 * beside the server it measures: the JDK's client reads every socket on one thread and
 * allocates several objects per message. Each socket checks its seqs for gaps and duplicates
 * and records, per order, the time from just before its POST was sent to the moment the bytes
 * of its event were read.
 */
final class SocketFleet implements AutoCloseable {
    private static final int READERS = 2;
    private static final String KEY = "c2VsbC1iZW5jaC1rZXkxMg==";

    final List<Member> members = new ArrayList<>();
    /** openid of each benchmark order → System.nanoTime() just before its POST was sent. */
    final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final long[] latencies;
    private final AtomicInteger latencyCount = new AtomicInteger();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong gaps = new AtomicLong();
    private final List<Reader> readers = new ArrayList<>();
    /** Orders numbered below this are the warm-up: delivered and checked, but their latency is not kept. */
    private final int measureFrom;
    private volatile boolean open = true;

    SocketFleet(int expectedDeliveries, int measureFrom) throws IOException {
        this.measureFrom = measureFrom;
        latencies = new long[Math.max(1, expectedDeliveries)];
        for (int i = 0; i < READERS; i++) readers.add(new Reader(i));
    }

    /** One socket: its channel, the bytes of an unfinished frame, and what it has received. */
    final class Member {
        final String shop;
        final SocketChannel channel;
        private byte[] pending = new byte[0];
        private final StringBuilder message = new StringBuilder();
        volatile long lastSeq = -1;
        final AtomicInteger created = new AtomicInteger();

        Member(String shop, SocketChannel channel) {
            this.shop = shop;
            this.channel = channel;
        }

        /** Consumes whole frames from bytes (pending first); keeps an unfinished one for later. */
        void frames(ByteBuffer bytes, long now) throws IOException {
            ByteBuffer in = bytes;
            if (pending.length > 0) {
                in = ByteBuffer.allocate(pending.length + bytes.remaining());
                in.put(pending).put(bytes).flip();
            }
            while (in.remaining() >= 2) {
                int start = in.position();
                int first = in.get() & 0xFF;
                int second = in.get() & 0x7F;
                long length = second;
                if (second == 126) {
                    if (in.remaining() < 2) {
                        in.position(start);
                        break;
                    }
                    length = in.getShort() & 0xFFFF;
                } else if (second == 127) {
                    if (in.remaining() < 8) {
                        in.position(start);
                        break;
                    }
                    length = in.getLong();
                }
                if (in.remaining() < length) {
                    in.position(start);
                    break;
                }
                byte[] payload = new byte[(int) length];
                in.get(payload);
                int opcode = first & 0x0F;
                if (opcode == 1 || opcode == 0) {
                    message.append(new String(payload, StandardCharsets.UTF_8));
                    if ((first & 0x80) != 0) {
                        handle(message.toString(), now);
                        message.setLength(0);
                    }
                } else if (opcode == 9) {
                    pong(payload);
                }
            }
            pending = in.hasRemaining() ? Arrays.copyOfRange(in.array(), in.arrayOffset() + in.position(),
                    in.arrayOffset() + in.limit()) : new byte[0];
        }

        /** Answers a ping; a client's frames are masked (here with a zero mask, which leaves the bytes as they are). */
        private void pong(byte[] payload) throws IOException {
            ByteBuffer frame = ByteBuffer.allocate(6 + payload.length);
            frame.put((byte) 0x8A).put((byte) (0x80 | payload.length)).putInt(0).put(payload).flip();
            while (frame.hasRemaining()) channel.write(frame);
        }

        private void handle(String message, long now) {
            if (message.startsWith("{\"type\":\"hello\"")) {
                lastSeq = number(message, "\"headSeq\":");
                return;
            }
            if (!message.startsWith("{\"type\":\"order.")) return;
            long seq = number(message, "\"seq\":");
            if (seq <= lastSeq) duplicates.incrementAndGet();
            else if (seq != lastSeq + 1) gaps.incrementAndGet();
            lastSeq = Math.max(lastSeq, seq);
            if (!message.startsWith("{\"type\":\"order.created\"")) return;
            created.incrementAndGet();
            int at = message.indexOf("\"buyerOpenid\":\"") + 15;
            String openid = message.substring(at, message.indexOf('"', at));
            Long sent = sentAt.get(openid);
            if (sent != null && Integer.parseInt(openid.substring(1)) >= measureFrom) {
                int i = latencyCount.getAndIncrement();
                if (i < latencies.length) latencies[i] = now - sent;
            }
        }
    }

    /** A selector thread reading its share of the sockets. */
    private final class Reader implements Runnable {
        final Selector selector = Selector.open();
        final Queue<Member> joining = new ConcurrentLinkedQueue<>();
        final ByteBuffer buffer = ByteBuffer.allocate(256 * 1024);
        final Thread thread;

        Reader(int index) throws IOException {
            thread = new Thread(this, "fleet-reader-" + index);
            thread.setDaemon(true);
            thread.start();
        }

        void add(Member member) {
            joining.add(member);
            selector.wakeup();
        }

        @Override
        public void run() {
            while (open) {
                try {
                    selector.select();
                    Member member;
                    while ((member = joining.poll()) != null) member.channel.register(selector, SelectionKey.OP_READ, member);
                    long now = System.nanoTime();
                    for (SelectionKey key : selector.selectedKeys()) {
                        Member m = (Member) key.attachment();
                        buffer.clear();
                        int read = m.channel.read(buffer);
                        if (read < 0) {
                            key.cancel();
                            continue;
                        }
                        buffer.flip();
                        m.frames(buffer, now);
                    }
                    selector.selectedKeys().clear();
                } catch (IOException e) {
                    if (open) e.printStackTrace();
                }
            }
        }
    }

    private static long number(String message, String key) {
        int at = message.indexOf(key) + key.length();
        int end = at;
        while (end < message.length() && Character.isDigit(message.charAt(end))) end++;
        return Long.parseLong(message.substring(at, end));
    }

    /** Opens count sockets to one shop, eight handshakes at a time. */
    void connect(ServiceUnderTest service, String shop, String token, int count) throws Exception {
        ExecutorService opening = Executors.newFixedThreadPool(8);
        try {
            List<Future<Member>> opened = new ArrayList<>();
            for (int i = 0; i < count; i++) opened.add(opening.submit(() -> handshake(service.port, shop, token)));
            for (Future<Member> future : opened) {
                Member member = future.get();
                readers.get(members.size() % READERS).add(member);
                members.add(member);
            }
        } finally {
            opening.shutdown();
        }
    }

    /** A blocking handshake; whatever arrived after the response head is handed to the frame reader. */
    private Member handshake(int port, String shop, String token) throws IOException {
        SocketChannel channel = SocketChannel.open(new InetSocketAddress("localhost", port));
        channel.socket().setTcpNoDelay(true);
        String request = "GET /sell/webSocket?token=" + token + " HTTP/1.1\r\nHost: localhost:" + port
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + KEY
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
        ByteBuffer in = ByteBuffer.allocate(8192);
        int headEnd = -1;
        while (headEnd < 0) {
            if (channel.read(in) < 0) throw new IOException("closed during the handshake");
            String text = new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1);
            headEnd = text.indexOf("\r\n\r\n");
            if (headEnd >= 0 && !text.startsWith("HTTP/1.1 101")) {
                throw new IOException("handshake refused: " + text.substring(0, text.indexOf('\r')));
            }
        }
        Member member = new Member(shop, channel);
        in.flip().position(headEnd + 4);
        member.frames(in, System.nanoTime());
        channel.configureBlocking(false);
        return member;
    }

    /** Sorted latencies recorded so far, in nanoseconds. */
    long[] latencies() {
        int n = Math.min(latencyCount.get(), latencies.length);
        long[] copy = Arrays.copyOf(latencies, n);
        Arrays.sort(copy);
        return copy;
    }

    @Override
    public void close() throws IOException {
        open = false;
        for (Reader reader : readers) reader.selector.wakeup();
        // a selector closed under a reader that is still selecting throws in that reader
        for (Reader reader : readers) {
            try {
                reader.thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Member member : members) member.channel.close();
        for (Reader reader : readers) reader.selector.close();
    }
}
