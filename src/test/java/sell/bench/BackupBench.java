package sell.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a backup costs the buyers: the jar serves a database of many orders (200,000 by default)
 * while buyers order at a steady rate, and the backup command runs on the live file, as users run
 * it (run.sh backup FILE), three times. Create latency while each backup runs is set against the
 * same load with no backup: the difference is how long the backup held intake up.
 */
final class BackupBench {
    private static final Pattern COPIED = Pattern.compile("backed up .*: ([0-9.]+) MiB, ([0-9,]+) orders, .* in (\\d+) ms");
    private static final int RATE = 200;
    private static final int BUYERS = 4;
    private static final int BACKUPS = 3;

    private final List<Benchmark.Row> rows;
    private final long orders;

    BackupBench(List<Benchmark.Row> rows, long orders) {
        this.rows = rows;
        this.orders = orders;
    }

    /** One create: when its request started and how long its answer took (nanoTime). */
    private record Create(long start, long nanos) {
    }

    void run() throws Exception {
        try (ServiceUnderTest service = ServiceUnderTest.start(Benchmark.JAR, Map.of(), 0, new ArrayList<>())) {
            HttpClient http = HttpClient.newHttpClient();
            String product = createProduct(http, service);
            long seeded = seed(service, product);
            Path db = service.dir.resolve("sell.db");
            rows.add(new Benchmark.Row("database backed up", String.format("%,d orders, %.0f MiB with its log", seeded,
                    (Files.size(db) + sizeOr0(service.dir.resolve("sell.db-wal"))) / 1048576.0), "", null));

            List<Create> creates = java.util.Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean ordering = new AtomicBoolean(true);
            List<Thread> buyers = startBuyers(service, product, creates, ordering);
            Thread.sleep(10_000); // settle: the buyers' connections open and the JIT warms up
            long quietFrom = System.nanoTime();
            Thread.sleep(10_000);
            long quietTo = System.nanoTime();
            List<long[]> windows = new ArrayList<>();
            for (int i = 1; i <= BACKUPS; i++) {
                Path copy = service.dir.resolve("backup-" + i + ".db");
                long from = System.nanoTime();
                String out = backup(db, copy);
                long to = System.nanoTime();
                Matcher m = COPIED.matcher(out);
                if (!m.find()) throw new IllegalStateException("backup failed: " + out);
                windows.add(new long[]{from, to});
                rows.add(new Benchmark.Row("backup " + i + " (run.sh backup, on the live file)", String.format(
                        "%s MiB, %s orders, copy %s ms, command %d ms", m.group(1), m.group(2), m.group(3), (to - from) / 1_000_000),
                        "every order acknowledged before it", Long.parseLong(m.group(2).replace(",", "")) >= seeded));
                Files.delete(copy);
                Thread.sleep(5_000);
            }
            ordering.set(false);
            for (Thread buyer : buyers) buyer.join();

            long[] quiet = latencies(creates, quietFrom, quietTo);
            rows.add(new Benchmark.Row("create at " + RATE + "/s, no backup (10 s)", describe(quiet), "", null));
            long worst = 0;
            for (int i = 0; i < windows.size(); i++) {
                long[] during = latencies(creates, windows.get(i)[0], windows.get(i)[1]);
                worst = Math.max(worst, during.length == 0 ? 0 : during[during.length - 1]);
                rows.add(new Benchmark.Row("create at " + RATE + "/s, during backup " + (i + 1), describe(during), "", null));
            }
            double held = (worst - quiet[quiet.length - 1]) / 1e6;
            rows.add(new Benchmark.Row("intake held up: worst create during a backup minus worst without",
                    String.format("%.1f ms", Math.max(0, held)), "milliseconds at most", held < 100));
        }
    }

    /** Places the orders with 64 in flight; answers how many the database holds. */
    private long seed(ServiceUnderTest service, String product) throws Exception {
        AtomicLong sent = new AtomicLong();
        IntFunction<byte[]> create = n -> sent.getAndIncrement() < orders
                ? LoadClient.post("/sell/api/orders", "application/json", Orders.body("s" + sent.get(), product))
                : LoadClient.get("/sell/health");
        long started = System.nanoTime();
        while (sent.get() < orders) {
            LoadClient.run(service.port, 64, 0, 3, create);
            System.out.printf("  seeding: %,d orders sent, %.0f s%n", Math.min(sent.get(), orders), (System.nanoTime() - started) / 1e9);
        }
        HttpResponse<String> list = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service.url(
                        "/sell/api/seller/report"))).header("Authorization", "Bearer " + ServiceUnderTest.TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        int at = list.body().indexOf("\"orders\":") + 9;
        return Long.parseLong(list.body().substring(at, list.body().indexOf(',', at)));
    }

    /** BUYERS threads, each ordering at RATE / BUYERS per second on its own schedule, every answer timed. */
    private static List<Thread> startBuyers(ServiceUnderTest service, String product, List<Create> creates, AtomicBoolean ordering) {
        List<Thread> buyers = new ArrayList<>();
        long every = 1_000_000_000L * BUYERS / RATE;
        for (int b = 0; b < BUYERS; b++) {
            int buyer = b;
            Thread thread = new Thread(() -> {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                long next = System.nanoTime() + every * buyer / BUYERS;
                for (int n = 0; ordering.get(); n++) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    next += every;
                    long start = System.nanoTime();
                    try {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(service.url("/sell/api/orders")))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(Orders.body("b" + buyer + "-" + n, product))).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 201) throw new IllegalStateException("create answered " + r.statusCode() + ": " + r.body());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    creates.add(new Create(start, System.nanoTime() - start));
                }
            }, "buyer-" + b);
            thread.start();
            buyers.add(thread);
        }
        return buyers;
    }

    private static String backup(Path db, Path copy) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", ServiceUnderTest.RUN_SH.toString(), "backup", copy.toString());
        builder.environment().put("SELL_DB", db.toString());
        builder.redirectErrorStream(true);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return out;
    }

    private static long[] latencies(List<Create> creates, long from, long to) {
        synchronized (creates) {
            return creates.stream().filter(c -> c.start() < to && c.start() + c.nanos() > from)
                    .mapToLong(Create::nanos).sorted().toArray();
        }
    }

    private static String describe(long[] sorted) {
        if (sorted.length == 0) return "no creates";
        return String.format("%d creates, p50 %.1f ms, p99 %.1f ms, worst %.1f ms", sorted.length, at(sorted, 0.5),
                at(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
    }

    private static double at(long[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    private static long sizeOr0(Path file) throws java.io.IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }

    private static String createProduct(HttpClient http, ServiceUnderTest service) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(service.url("/sell/api/seller/products")))
                .header("Authorization", "Bearer " + ServiceUnderTest.TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"productName\":\"Rice\",\"productPrice\":12.5,\"productStock\":1000000000}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) throw new IllegalStateException("product: " + response.body());
        int at = response.body().indexOf("\"productId\":\"") + 13;
        return response.body().substring(at, response.body().indexOf('"', at));
    }
}
