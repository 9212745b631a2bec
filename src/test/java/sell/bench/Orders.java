package sell.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Places orders at a steady rate over a few keep-alive connections, noting for each order the
 * moment just before its request was written, so that push latency starts where the buyer does.
 */
final class Orders implements AutoCloseable {
    private final BlockingQueue<String> due = new LinkedBlockingQueue<>();
    private final List<Thread> senders = new ArrayList<>();
    final AtomicLong created = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    private volatile boolean open = true;

    Orders(int port, List<String> productIds, Map<String, Long> sentAt, int connections) {
        for (int c = 0; c < connections; c++) {
            Thread sender = new Thread(() -> {
                try (Socket socket = new Socket("localhost", port)) {
                    socket.setTcpNoDelay(true);
                    OutputStream out = socket.getOutputStream();
                    InputStream in = new BufferedInputStream(socket.getInputStream());
                    while (open || !due.isEmpty()) {
                        String openid = due.poll(50, java.util.concurrent.TimeUnit.MILLISECONDS);
                        if (openid == null) continue;
                        int n = Integer.parseInt(openid.substring(1));
                        byte[] request = LoadClient.post("/sell/api/orders", "application/json", body(openid,
                                productIds.get(n % productIds.size())));
                        sentAt.put(openid, System.nanoTime());
                        out.write(request);
                        out.flush();
                        if (status(in) == 201) created.incrementAndGet();
                        else refused.incrementAndGet();
                    }
                } catch (IOException | InterruptedException e) {
                    refused.incrementAndGet();
                }
            }, "orders-" + c);
            sender.start();
            senders.add(sender);
        }
    }

    /** Places total orders at perSecond, spread evenly; returns when the last is handed to a sender. */
    void place(int total, double perSecond) {
        long start = System.nanoTime();
        for (int n = 0; n < total; n++) {
            long at = start + (long) (n * 1e9 / perSecond);
            while (System.nanoTime() < at) {
                long left = at - System.nanoTime();
                if (left > 200_000) java.util.concurrent.locks.LockSupport.parkNanos(left - 100_000);
                else Thread.onSpinWait();
            }
            due.add("o" + n);
        }
    }

    static String body(String openid, String productId) {
        return "{\"buyerName\":\"Bench buyer\",\"buyerPhone\":\"13800138000\",\"buyerAddress\":\"1 Loop Road\","
                + "\"buyerOpenid\":\"" + openid + "\",\"items\":[{\"productId\":\"" + productId + "\",\"productQuantity\":1}]}";
    }

    private static int status(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder(256);
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) throw new IOException("closed");
            head.append((char) b);
        }
        String text = head.toString();
        int at = text.toLowerCase(java.util.Locale.ROOT).indexOf("content-length:");
        int length = Integer.parseInt(text.substring(at + 15, text.indexOf('\r', at)).trim());
        in.readNBytes(length);
        return Integer.parseInt(text.substring(9, 12));
    }

    @Override
    public void close() throws InterruptedException {
        open = false;
        for (Thread sender : senders) sender.join(30_000);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
