package sell.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * A closed-loop HTTP/1.1 load generator: a fixed number of keep-alive connections, each sending
 * its next request as soon as the previous answer is read. Plain blocking sockets and pre-built
 * requests keep the client's own cost small, so that it measures the server.
 */
final class LoadClient {
    record Result(long requests, long errors, double seconds, long[] sortedLatencyNanos, double clientCpuSeconds,
                  java.util.Map<Integer, Long> statuses) {
        double perSecond() {
            return requests / seconds;
        }
    }

    private LoadClient() {
    }

    /**
     * Runs connections × closed loops for warmup + measured seconds; requestFor(n) builds the
     * n-th request of a connection (bytes of a complete HTTP/1.1 request).
     */
    static Result run(int port, int connections, double warmupSeconds, double seconds,
                      IntFunction<byte[]> requestFor) throws Exception {
        long[][] latencies = new long[connections][];
        int[] counts = new int[connections];
        AtomicLong errors = new AtomicLong();
        java.util.Map<Integer, AtomicLong> statuses = new java.util.concurrent.ConcurrentHashMap<>();
        long start = System.nanoTime();
        long measureFrom = start + (long) (warmupSeconds * 1e9);
        long end = measureFrom + (long) (seconds * 1e9);
        List<Thread> threads = new ArrayList<>();
        double cpuBefore = Benchmark.clientCpuSeconds();
        for (int c = 0; c < connections; c++) {
            int connection = c;
            latencies[c] = new long[1 << 16];
            Thread thread = new Thread(() -> {
                byte[] buffer = new byte[16384];
                try (Socket socket = new Socket("localhost", port)) {
                    socket.setTcpNoDelay(true);
                    OutputStream out = socket.getOutputStream();
                    InputStream in = new BufferedInputStream(socket.getInputStream(), 16384);
                    int n = 0;
                    while (true) {
                        long sent = System.nanoTime();
                        if (sent >= end) break;
                        out.write(requestFor.apply(n++));
                        out.flush();
                        int status = readResponse(in, buffer);
                        long done = System.nanoTime();
                        if (sent >= measureFrom && done <= end) {
                            statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                            if (status >= 400) {
                                errors.incrementAndGet();
                            } else {
                                if (counts[connection] == latencies[connection].length) {
                                    latencies[connection] = java.util.Arrays.copyOf(latencies[connection], counts[connection] * 2);
                                }
                                latencies[connection][counts[connection]++] = done - sent;
                            }
                        }
                    }
                } catch (IOException e) {
                    errors.incrementAndGet();
                }
            }, "load-" + c);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) thread.join();
        double cpu = Benchmark.clientCpuSeconds() - cpuBefore;
        int total = 0;
        for (int count : counts) total += count;
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < connections; c++) {
            System.arraycopy(latencies[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        java.util.Arrays.sort(all);
        java.util.Map<Integer, Long> byStatus = new java.util.TreeMap<>();
        statuses.forEach((k, v) -> byStatus.put(k, v.get()));
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Result(total, errors.get(), seconds, all, cpu * seconds / elapsed, byStatus);
    }

    /** Reads one response (status line, headers, Content-Length body) and returns its status. */
    private static int readResponse(InputStream in, byte[] buffer) throws IOException {
        String head = readHead(in);
        int status = Integer.parseInt(head.substring(9, 12));
        int length = 0;
        int at = head.toLowerCase(java.util.Locale.ROOT).indexOf("\r\ncontent-length:");
        if (at >= 0) {
            int from = at + 17;
            int to = head.indexOf('\r', from);
            length = Integer.parseInt(head.substring(from, to).trim());
        }
        while (length > 0) {
            int read = in.read(buffer, 0, Math.min(buffer.length, length));
            if (read < 0) throw new IOException("connection closed mid-body");
            length -= read;
        }
        return status;
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder(256);
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) throw new IOException("connection closed");
            head.append((char) b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString();
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
