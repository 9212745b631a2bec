package sell.bench;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import sell.App;
import sell.Config;

/**
 * The seller's reports on a big shop: a year of orders (1,000,000 by default) placed through the
 * API by the real write path, then the jar started on that database with a small heap, and the
 * 30-day and 366-day reports and a year's CSV export timed over HTTP.
 *
 * The orders are placed in-process, with a clock that follows the count of orders sent: order n
 * of N is dated where n/N falls in the year, weighted towards lunch and dinner, so the year has
 * a restaurant's shape at any size.
 */
final class ReportBench {
    private static final int PRODUCTS = 20;
    private static final int SLOTS_PER_DAY = 96;
    private static final long SLOT_MILLIS = 15 * 60_000;
    private static final int DAYS = 365;
    /** The heap the jar serves the reports with: a year's export must stream through it. */
    static final String SERVER_HEAP = "-Xmx64m";

    private final List<Benchmark.Row> rows;
    private final long orders;
    private double placingSeconds;

    ReportBench(List<Benchmark.Row> rows, long orders) {
        this.rows = rows;
        this.orders = orders;
    }

    /** Orders per quarter-hour of a day, relative: closed at night, busy at lunch and dinner. */
    static double weight(int slotOfDay) {
        double hour = slotOfDay / 4.0;
        if (hour < 10 || hour >= 22) return 0;
        double lunch = Math.exp(-Math.pow((hour - 12.25) / 0.9, 2));
        double dinner = Math.exp(-Math.pow((hour - 18.75) / 1.1, 2));
        return 0.08 + lunch + 1.2 * dinner;
    }

    /** The year's quarter-hours and how many of the orders fall up to the end of each. */
    private record Year(long firstSlotMillis, double[] cumulative) {
        static Year ending(LocalDate lastDay) {
            long first = lastDay.minusDays(DAYS - 1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            double[] cumulative = new double[DAYS * SLOTS_PER_DAY];
            double sum = 0;
            for (int i = 0; i < cumulative.length; i++) {
                // weekends a third busier
                int weekday = lastDay.minusDays(DAYS - 1 - i / SLOTS_PER_DAY).getDayOfWeek().getValue();
                sum += weight(i % SLOTS_PER_DAY) * (weekday >= 6 ? 1.33 : 1.0);
                cumulative[i] = sum;
            }
            for (int i = 0; i < cumulative.length; i++) cumulative[i] /= sum;
            return new Year(first, cumulative);
        }

        /** When the fraction f (0..1) of the year's orders has been placed. */
        long millisAt(double f) {
            int lo = 0;
            int hi = cumulative.length - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (cumulative[mid] < f) lo = mid + 1;
                else hi = mid;
            }
            double before = lo == 0 ? 0 : cumulative[lo - 1];
            double within = cumulative[lo] > before ? (f - before) / (cumulative[lo] - before) : 0;
            return firstSlotMillis + lo * SLOT_MILLIS + (long) (Math.min(Math.max(within, 0), 0.999) * SLOT_MILLIS);
        }
    }

    void run() throws Exception {
        Path dir = Files.createTempDirectory("sell-report-bench");
        Path db = dir.resolve("sell.db");
        LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        long seeded = seed(db, dir, Year.ending(yesterday));
        long dbBytes = Files.size(db);
        rows.add(new Benchmark.Row("orders placed over " + DAYS + " days (the write path, in-process)",
                String.format("%,d (%.0f MiB of SQLite)", seeded, dbBytes / 1048576.0), String.format("%,d", orders), seeded >= orders));
        rows.add(new Benchmark.Row("time to place them through the API, 64 in flight",
                String.format("%.0f s", placingSeconds), "", null));

        try (ServiceUnderTest service = ServiceUnderTest.start(Benchmark.JAR,
                Map.of("SELL_DB", db.toString(), "SELL_TIMEZONE", "UTC", "JAVA_OPTS", SERVER_HEAP), 0, new ArrayList<>())) {
            HttpClient http = HttpClient.newHttpClient();
            String last = yesterday.toString();
            time(http, service, "/sell/api/seller/report?from=" + yesterday.minusDays(29) + "&to=" + last,
                    "report, 30 days", 200, -1);
            time(http, service, "/sell/api/seller/report?from=" + yesterday.minusDays(365) + "&to=" + last,
                    "report, 366 days", 1000, seeded);
            export(http, service, "/sell/api/seller/orders.csv?from=" + yesterday.minusDays(365) + "&to=" + last, seeded);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** Places the orders through the API, each dated by where it falls in the year; answers how many were created. */
    private long seed(Path db, Path dir, Year year) throws Exception {
        AtomicLong sent = new AtomicLong();
        InstantSource clock = () -> Instant.ofEpochMilli(year.millisAt(Math.min(1.0, sent.get() / (double) orders)));
        // (an order is dated as the server takes it: at most the 64 in flight after the one sent last)
        Config config = new Config(0, db.toString(), dir, ServiceUnderTest.TOKEN, 0).withTimeZone(ZoneOffset.UTC);
        App app = App.start(config, clock);
        try {
            HttpClient http = HttpClient.newHttpClient();
            List<String> products = new ArrayList<>();
            for (int p = 0; p < PRODUCTS; p++) products.add(createProduct(http, app.port(), "Dish " + (p + 1), 8 + p * 1.5));
            // exactly the orders asked for: once they are all sent, the connections ask for health instead
            IntFunction<byte[]> create = n -> {
                long k = sent.getAndIncrement();
                return k < orders ? LoadClient.post("/sell/api/orders", "application/json", body(k, products))
                        : LoadClient.get("/sell/health");
            };
            long started = System.nanoTime();
            while (sent.get() < orders) {
                LoadClient.run(app.port(), 64, 0, 3, create);
                System.out.printf("  seeding: %,d orders sent, %.0f s%n", Math.min(sent.get(), orders),
                        (System.nanoTime() - started) / 1e9);
            }
            placingSeconds = (System.nanoTime() - started) / 1e9;
            // what is in the database, the orders answered after a chunk ended too
            HttpResponse<String> report = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.port()
                            + "/sell/api/seller/report?from=" + LocalDate.ofInstant(Instant.ofEpochMilli(year.firstSlotMillis()),
                            ZoneOffset.UTC) + "&to=" + LocalDate.now(ZoneOffset.UTC)))
                    .header("Authorization", "Bearer " + ServiceUnderTest.TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            return ordersIn(report.body());
        } finally {
            app.close();
        }
    }

    /** One to three lines of the popular dishes more often than the rest. */
    private static String body(long k, List<String> products) {
        int lines = 1 + (int) (k % 3);
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            int p = (int) ((k * 7 + i * 5 + (k % 11) * (k % 5)) % PRODUCTS);
            if (i > 0) items.append(',');
            items.append("{\"productId\":\"").append(products.get(p)).append("\",\"productQuantity\":")
                    .append(1 + (k + i) % 2).append('}');
        }
        return "{\"buyerName\":\"Buyer " + k + "\",\"buyerPhone\":\"13800138000\",\"buyerAddress\":\"" + (k % 500)
                + " Loop Road\",\"buyerOpenid\":\"y" + k + "\",\"items\":[" + items + "]}";
    }

    private static String createProduct(HttpClient http, int port, String name, double price) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/sell/api/seller/products"))
                .header("Authorization", "Bearer " + ServiceUnderTest.TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(String.format(java.util.Locale.ROOT,
                        "{\"productName\":\"%s\",\"productPrice\":%.2f,\"productStock\":1000000000}", name, price)))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) throw new IllegalStateException("product: " + response.body());
        String body = response.body();
        int at = body.indexOf("\"productId\":\"") + 13;
        return body.substring(at, body.indexOf('"', at));
    }

    private static HttpRequest get(ServiceUnderTest service, String path) {
        return HttpRequest.newBuilder(URI.create(service.url(path)))
                .header("Authorization", "Bearer " + ServiceUnderTest.TOKEN).build();
    }

    /** The first answer, then the best and worst of five more; expected: the orders it must count, or -1. */
    private void time(HttpClient http, ServiceUnderTest service, String path, String what, long targetMillis, long expected)
            throws Exception {
        double first = 0;
        double best = Double.MAX_VALUE;
        double worst = 0;
        String body = null;
        for (int i = 0; i < 6; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> response = http.send(get(service, path), HttpResponse.BodyHandlers.ofString());
            double ms = (System.nanoTime() - t0) / 1e6;
            if (response.statusCode() != 200) throw new IllegalStateException(what + ": " + response.body());
            body = response.body();
            if (i == 0) first = ms;
            else {
                best = Math.min(best, ms);
                worst = Math.max(worst, ms);
            }
        }
        long counted = ordersIn(body);
        rows.add(new Benchmark.Row(what + " (" + String.format("%,d", counted) + " orders in it)",
                String.format("first %.0f ms, then %.0f–%.0f ms", first, best, worst), "< " + targetMillis + " ms",
                worst < targetMillis && (expected < 0 || counted == expected)));
    }

    /** A report's total of orders: the totals come first, {"timeZone":…,"totals":{"orders":N,… */
    private static long ordersIn(String report) {
        int at = report.indexOf("\"orders\":") + 9;
        return Long.parseLong(report.substring(at, report.indexOf(',', at)));
    }

    /** A year's orders as CSV through the small heap: time, size and rows. */
    private void export(HttpClient http, ServiceUnderTest service, String path, long seeded) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<InputStream> response = http.send(get(service, path), HttpResponse.BodyHandlers.ofInputStream());
        long bytes = 0;
        long lines = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = response.body()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                bytes += n;
                for (int i = 0; i < n; i++) if (buffer[i] == '\n') lines++;
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (response.statusCode() != 200) throw new IllegalStateException("export: " + response.statusCode());
        long rowsOut = lines - 1;
        rows.add(new Benchmark.Row("CSV export of the year, server heap " + SERVER_HEAP,
                String.format("%,d rows, %.0f MiB in %.1f s (%,.0f rows/s)", rowsOut, bytes / 1048576.0, seconds,
                        rowsOut / seconds), "every order, streamed", rowsOut == seeded));
    }
}
