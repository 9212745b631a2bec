package sell.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * A closed-loop HTTP/1.1 load generator: a fixed number of keep-alive connections, each sending
 * its next request as soon as the previous answer is read. Two selector threads serve all the
 * connections, with pre-built requests and responses parsed in place, so that the client costs
 * little beside the server it measures (a thread per connection spent about a third more CPU
 * on waking up).
 */
final class LoadClient {
    private static final int THREADS = 2;

    record Result(long requests, long errors, double seconds, long[] sortedLatencyNanos, double clientCpuSeconds,
                  java.util.Map<Integer, Long> statuses) {
        double perSecond() {
            return requests / seconds;
        }

        /** The slices of one load measured in turns with another, as if they had run as one. */
        static Result merge(List<Result> slices) {
            long requests = 0;
            long errors = 0;
            double seconds = 0;
            double cpu = 0;
            java.util.Map<Integer, Long> statuses = new java.util.TreeMap<>();
            long[] all = new long[0];
            for (Result slice : slices) {
                requests += slice.requests;
                errors += slice.errors;
                seconds += slice.seconds;
                cpu += slice.clientCpuSeconds;
                slice.statuses.forEach((k, v) -> statuses.merge(k, v, Long::sum));
                int at = all.length;
                all = java.util.Arrays.copyOf(all, at + slice.sortedLatencyNanos.length);
                System.arraycopy(slice.sortedLatencyNanos, 0, all, at, slice.sortedLatencyNanos.length);
            }
            java.util.Arrays.sort(all);
            return new Result(requests, errors, seconds, all, cpu, statuses);
        }
    }

    private LoadClient() {
    }

    /** One keep-alive connection: the response being read and when its request was sent. */
    private static final class Connection {
        final SocketChannel channel;
        byte[] in = new byte[4096];
        int length;
        long sent;
        int next;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }
    }

    /** What one selector thread measured. */
    private static final class Share {
        long[] latencies = new long[1 << 16];
        int count;
        long errors;
        final java.util.Map<Integer, Long> statuses = new java.util.HashMap<>();
    }

    /**
     * Runs connections × closed loops for warmup + measured seconds; requestFor(n) builds the
     * n-th request of a connection (bytes of a complete HTTP/1.1 request).
     */
    static Result run(int port, int connections, double warmupSeconds, double seconds,
                      IntFunction<byte[]> requestFor) throws Exception {
        long start = System.nanoTime();
        long measureFrom = start + (long) (warmupSeconds * 1e9);
        long end = measureFrom + (long) (seconds * 1e9);
        double cpuBefore = Benchmark.clientCpuSeconds();
        List<Thread> threads = new ArrayList<>();
        List<Share> shares = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Share share = new Share();
            shares.add(share);
            int mine = connections / THREADS + (t < connections % THREADS ? 1 : 0);
            Thread thread = new Thread(() -> {
                try {
                    loop(port, mine, requestFor, measureFrom, end, share);
                } catch (IOException e) {
                    share.errors++;
                }
            }, "load-" + t);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) thread.join();
        double cpu = Benchmark.clientCpuSeconds() - cpuBefore;
        int total = 0;
        long errors = 0;
        java.util.Map<Integer, Long> byStatus = new java.util.TreeMap<>();
        for (Share share : shares) {
            total += share.count;
            errors += share.errors;
            share.statuses.forEach((k, v) -> byStatus.merge(k, v, Long::sum));
        }
        long[] all = new long[total];
        int at = 0;
        for (Share share : shares) {
            System.arraycopy(share.latencies, 0, all, at, share.count);
            at += share.count;
        }
        java.util.Arrays.sort(all);
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Result(total, errors, seconds, all, cpu * seconds / elapsed, byStatus);
    }

    private static void loop(int port, int connections, IntFunction<byte[]> requestFor, long measureFrom, long end,
                             Share share) throws IOException {
        try (Selector selector = Selector.open()) {
            List<Connection> open = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                SocketChannel channel = SocketChannel.open(new InetSocketAddress("localhost", port));
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.configureBlocking(false);
                Connection connection = new Connection(channel);
                channel.register(selector, SelectionKey.OP_READ, connection);
                open.add(connection);
            }
            for (Connection connection : open) send(connection, requestFor);
            int busy = open.size();
            while (busy > 0) {
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    Connection connection = (Connection) key.attachment();
                    try {
                        int status = read(connection);
                        if (status == 0) continue;
                        long done = System.nanoTime();
                        if (connection.sent >= measureFrom && done <= end) {
                            share.statuses.merge(status, 1L, Long::sum);
                            if (status >= 400) {
                                share.errors++;
                            } else {
                                if (share.count == share.latencies.length) {
                                    share.latencies = java.util.Arrays.copyOf(share.latencies, share.count * 2);
                                }
                                share.latencies[share.count++] = done - connection.sent;
                            }
                        }
                        if (done < end) {
                            send(connection, requestFor);
                        } else {
                            key.cancel();
                            connection.channel.close();
                            busy--;
                        }
                    } catch (IOException e) {
                        share.errors++;
                        key.cancel();
                        connection.channel.close();
                        busy--;
                    }
                }
                selector.selectedKeys().clear();
            }
        }
    }

    private static void send(Connection connection, IntFunction<byte[]> requestFor) throws IOException {
        ByteBuffer request = ByteBuffer.wrap(requestFor.apply(connection.next++));
        connection.sent = System.nanoTime();
        while (request.hasRemaining()) {
            if (connection.channel.write(request) == 0) Thread.onSpinWait();
        }
    }

    /** Reads what arrived; returns the status once a whole response (head and Content-Length body) is in, else 0. */
    private static int read(Connection connection) throws IOException {
        if (connection.length == connection.in.length) connection.in = java.util.Arrays.copyOf(connection.in, connection.length * 2);
        int read = connection.channel.read(ByteBuffer.wrap(connection.in, connection.length, connection.in.length - connection.length));
        if (read < 0) throw new IOException("connection closed");
        connection.length += read;
        byte[] in = connection.in;
        int headEnd = -1;
        for (int i = 3; i < connection.length; i++) {
            if (in[i] == '\n' && in[i - 1] == '\r' && in[i - 2] == '\n' && in[i - 3] == '\r') {
                headEnd = i + 1;
                break;
            }
        }
        if (headEnd < 0) return 0;
        String head = new String(in, 0, headEnd, StandardCharsets.ISO_8859_1);
        int bodyLength = 0;
        int at = head.toLowerCase(java.util.Locale.ROOT).indexOf("\r\ncontent-length:");
        if (at >= 0) bodyLength = Integer.parseInt(head.substring(at + 17, head.indexOf('\r', at + 17)).trim());
        if (connection.length < headEnd + bodyLength) return 0;
        if (connection.length > headEnd + bodyLength) throw new IOException("more than one response");
        connection.length = 0;
        return Integer.parseInt(head.substring(9, 12));
    }

    static byte[] post(String path, String contentType, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + bytes.length + "\r\n\r\n";
        byte[] request = new byte[head.length() + bytes.length];
        System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, request, 0, head.length());
        System.arraycopy(bytes, 0, request, head.length(), bytes.length);
        return request;
    }

    static byte[] get(String path) {
        return ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
