package sell.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The service as the benchmark runs it: the real jar, its own process, a fresh database. */
final class ServiceUnderTest implements AutoCloseable {
    static final String TOKEN = "bench-seller-token-0123456789";
    private static final Pattern SHOP_ADDED = Pattern.compile("shop (\\S+) \\(.*\\) added; seller token: (\\S+)");

    final Process process;
    final int port;
    final Path dir;
    final long startedNanos;
    final long firstHealthNanos;

    record Shop(String id, String token) {
    }

    private ServiceUnderTest(Process process, int port, Path dir, long startedNanos, long firstHealthNanos) {
        this.process = process;
        this.port = port;
        this.dir = dir;
        this.startedNanos = startedNanos;
        this.firstHealthNanos = firstHealthNanos;
    }

    static final Path RUN_SH = Path.of("run.sh");

    /** Starts the jar on a fresh database; extraShops are added first with the add-shop command. */
    static ServiceUnderTest start(Path jar, Map<String, String> env, int extraShops, List<Shop> shopsOut) throws Exception {
        Path dir = Files.createTempDirectory("sell-bench");
        if (extraShops > 0) shopsOut.addAll(addShops(jar, env.getOrDefault("SELL_DB", dir.resolve("sell.db").toString()), extraShops));
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        // started the way users start it: run.sh, with its JVM flags and class archive (it execs
        // java, so the process measured is the JVM itself)
        ProcessBuilder builder = new ProcessBuilder("bash", RUN_SH.toString());
        // e.g. BENCH_SERVER_OPTS=-XX:StartFlightRecording=... to profile the service under load
        String extra = System.getenv("BENCH_SERVER_OPTS");
        if (extra != null && !extra.isBlank()) builder.environment().put("JAVA_OPTS", extra.trim());
        builder.environment().putAll(Map.of("SELL_PORT", String.valueOf(port), "SELL_DB", dir.resolve("sell.db").toString(),
                "SELL_SELLER_TOKEN", TOKEN, "SELL_RATE_LIMIT", "0"));
        builder.environment().putAll(env);
        builder.redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile());
        long started = System.nanoTime();
        Process process = builder.start();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/sell/health")).build();
        while (true) {
            try {
                if (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) break;
            } catch (IOException e) {
                if (!process.isAlive()) throw new IllegalStateException("the service died: " + Files.readString(dir.resolve("server.log")));
                Thread.sleep(2);
            }
        }
        return new ServiceUnderTest(process, port, dir, started, System.nanoTime());
    }

    /** Adds shops with the jar's add-shop command, before the service starts on the same database. */
    private static List<Shop> addShops(Path jar, String db, int count) throws Exception {
        List<Shop> shops = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ProcessBuilder builder = new ProcessBuilder(java(), "-jar", jar.toString(), "add-shop", "Bench shop " + i,
                    "--db", db);
            builder.environment().put("SELL_SELLER_TOKEN", TOKEN);
            builder.redirectErrorStream(true);
            Process p = builder.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            Matcher m = SHOP_ADDED.matcher(out);
            if (!m.find()) throw new IllegalStateException("add-shop failed: " + out);
            shops.add(new Shop(m.group(1), m.group(2)));
        }
        return shops;
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    String wsUrl(String pathAndQuery) {
        return "ws://localhost:" + port + pathAndQuery;
    }

    double startSeconds() {
        return (firstHealthNanos - startedNanos) / 1e9;
    }

    /** Resident memory of the service process, from /proc. */
    long rssBytes() throws IOException {
        try (BufferedReader status = Files.newBufferedReader(Path.of("/proc/" + process.pid() + "/status"))) {
            String line;
            while ((line = status.readLine()) != null) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        return -1;
    }

    /** CPU seconds (user + system) the service process has used, from /proc. */
    double cpuSeconds() throws IOException {
        String[] stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat")).split("\\) ")[1].split(" ");
        return (Long.parseLong(stat[11]) + Long.parseLong(stat[12])) / 100.0;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly();
        if (!Files.exists(dir)) return;
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
