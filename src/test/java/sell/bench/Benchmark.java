package sell.bench;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives the real jar from a separate process over loopback and prints what it measured.
 * Usage: Benchmark sockets [--sockets 10000] [--shops 10] [--rate 10] [--seconds 10]
 */
public final class Benchmark {
    private static final Path JAR = Path.of("target/sell.jar");

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (!Files.exists(JAR)) throw new IllegalStateException("build the jar first: mvn -B package -DskipTests");
        Map<String, String> options = options(args);
        String scenario = args.length > 0 && !args[0].startsWith("--") ? args[0] : "sockets";
        Map<String, String> results = switch (scenario) {
            case "sockets" -> sockets(Integer.parseInt(options.getOrDefault("sockets", "10000")),
                    Integer.parseInt(options.getOrDefault("shops", "10")),
                    Integer.parseInt(options.getOrDefault("rate", "10")),
                    Integer.parseInt(options.getOrDefault("seconds", "10")));
            default -> throw new IllegalArgumentException("unknown scenario " + scenario);
        };
        StringBuilder table = new StringBuilder("| figure | value |\n| --- | --- |\n");
        results.forEach((k, v) -> table.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        System.out.print(table);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/bench-" + scenario + ".md"), table);
    }

    /**
     * Many sockets across shops with orders flowing: every socket must get every event of its
     * shop, none twice, none out of order. Also the server's memory with all of them idle.
     */
    static Map<String, String> sockets(int socketCount, int shopCount, int ordersPerSecond, int seconds) throws Exception {
        List<ServiceUnderTest.Shop> shops = new ArrayList<>();
        shops.add(new ServiceUnderTest.Shop("default", ServiceUnderTest.TOKEN));
        Map<String, String> results = new LinkedHashMap<>();
        try (ServiceUnderTest service = ServiceUnderTest.start(JAR, Map.of(), shopCount - 1, shops)) {
            HttpClient http = HttpClient.newHttpClient();
            List<String> products = new ArrayList<>();
            for (ServiceUnderTest.Shop shop : shops) products.add(createProduct(http, service, shop.token()));
            long rssIdleStart = service.rssBytes();

            int perShop = socketCount / shopCount;
            long expectedDeliveries = (long) ordersPerSecond * seconds * perShop;
            try (SocketFleet fleet = new SocketFleet((int) Math.min(Integer.MAX_VALUE - 8, expectedDeliveries + perShop))) {
                long connectStart = System.nanoTime();
                for (ServiceUnderTest.Shop shop : shops) fleet.connect(service, shop.id(), shop.token(), perShop);
                double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
                Thread.sleep(2_000);
                System.gc();
                long rssSockets = service.rssBytes();
                results.put("sockets open", String.valueOf(fleet.members.size()) + " across " + shops.size() + " shops");
                results.put("time to open them", String.format("%.1f s", connectSeconds));
                results.put("server RSS idle, no sockets", mib(rssIdleStart));
                results.put("server RSS with the sockets idle", mib(rssSockets));
                results.put("per socket", String.format("%.1f KiB", (rssSockets - rssIdleStart) / 1024.0 / fleet.members.size()));

                double clientCpuBefore = clientCpuSeconds();
                double serverCpuBefore = service.cpuSeconds();
                long start = System.nanoTime();
                AtomicInteger placed = new AtomicInteger();
                AtomicLong failed = new AtomicLong();
                Map<String, AtomicInteger> placedPerShop = new LinkedHashMap<>();
                shops.forEach(s -> placedPerShop.put(s.id(), new AtomicInteger()));
                List<CompletableFuture<?>> requests = new ArrayList<>();
                int total = ordersPerSecond * seconds;
                for (int n = 0; n < total; n++) {
                    long due = start + (long) (n * 1e9 / ordersPerSecond);
                    while (System.nanoTime() < due) Thread.onSpinWait();
                    int shop = n % shops.size();
                    String openid = "o" + n;
                    fleet.sentAt.put(openid, System.nanoTime());
                    requests.add(http.sendAsync(order(service, products.get(shop), openid), HttpResponse.BodyHandlers.discarding())
                            .thenAccept(r -> {
                                if (r.statusCode() == 201) {
                                    placed.incrementAndGet();
                                    placedPerShop.get(shops.get(shop).id()).incrementAndGet();
                                } else {
                                    failed.incrementAndGet();
                                }
                            }));
                }
                CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).join();
                long expected = 0;
                for (SocketFleet.Member m : fleet.members) expected += placedPerShop.get(m.shop).get();
                long deadline = System.currentTimeMillis() + 30_000;
                while (received(fleet) < expected && System.currentTimeMillis() < deadline) Thread.sleep(20);
                double elapsed = (System.nanoTime() - start) / 1e9;
                long got = received(fleet);
                long[] latencies = fleet.latencies();
                results.put("orders placed", placed.get() + " at " + ordersPerSecond + "/s (" + failed.get() + " refused)");
                results.put("deliveries expected / received", expected + " / " + got);
                results.put("lost deliveries", String.valueOf(expected - got));
                results.put("duplicates / gaps seen", fleet.duplicates.get() + " / " + fleet.gaps.get());
                results.put("push latency p50 / p99 / max", String.format("%.1f / %.1f / %.1f ms",
                        pct(latencies, 50), pct(latencies, 99), latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1e6));
                results.put("server CPU during the run", String.format("%.0f%% of a core",
                        100 * (service.cpuSeconds() - serverCpuBefore) / elapsed));
                results.put("client CPU during the run", String.format("%.0f%% of a core",
                        100 * (clientCpuSeconds() - clientCpuBefore) / elapsed));
            }
        }
        return results;
    }

    private static long received(SocketFleet fleet) {
        long sum = 0;
        for (SocketFleet.Member m : fleet.members) sum += m.created.get();
        return sum;
    }

    static String createProduct(HttpClient http, ServiceUnderTest service, String token) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(service.url("/sell/api/seller/products")))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"productName\":\"Bench dish\",\"productPrice\":12.5,\"productStock\":1000000000}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) throw new IllegalStateException("product: " + response.body());
        String body = response.body();
        int at = body.indexOf("\"productId\":\"") + 13;
        return body.substring(at, body.indexOf('"', at));
    }

    static HttpRequest order(ServiceUnderTest service, String productId, String openid) {
        return HttpRequest.newBuilder(URI.create(service.url("/sell/api/orders")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"buyerName\":\"Bench buyer\",\"buyerPhone\":\"13800138000\","
                        + "\"buyerAddress\":\"1 Loop Road\",\"buyerOpenid\":\"" + openid + "\",\"items\":[{\"productId\":\""
                        + productId + "\",\"productQuantity\":1}]}"))
                .build();
    }

    static double pct(long[] sorted, int percentile) {
        if (sorted.length == 0) return 0;
        return sorted[Math.min(sorted.length - 1, (int) ((long) sorted.length * percentile / 100))] / 1e6;
    }

    static String mib(long bytes) {
        return String.format("%.0f MiB", bytes / 1024.0 / 1024.0);
    }

    static double clientCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].startsWith("--")) options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }
}
