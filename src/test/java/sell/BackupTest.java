package sell;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backup command copies the live database while buyers keep ordering, and the copy serves. */
class BackupTest {
    private static final Pattern COPIED = Pattern.compile("backed up .* to (.*): [0-9.]+ MiB, ([0-9,]+) orders, 1 shop, in \\d+ ms");

    @TempDir
    Path dir;

    /** An order answered 201: when its request started and ended (nanoTime), and what it ordered. */
    private record Acknowledged(String openid, int quantity, long startNanos, long endNanos) {
    }

    @Test
    void aCopyMadeWhileOrdersPourInHoldsEveryOrderAcknowledgedBeforeItAndServesThem() throws Exception {
        Path copy = dir.resolve("copy.db");
        Map<String, Acknowledged> acknowledged = new ConcurrentHashMap<>();
        Map<String, Acknowledged> before;
        long copiedOrders;
        try (TestServer server = TestServer.start()) {
            String productId = server.createProduct("Rice", "1", 1_000_000);
            AtomicBoolean ordering = new AtomicBoolean(true);
            ExecutorService buyers = Executors.newFixedThreadPool(6);
            for (int b = 0; b < 6; b++) {
                int buyer = b;
                buyers.submit(() -> {
                    for (int n = 0; ordering.get(); n++) {
                        String openid = "backup-" + buyer + "-" + n;
                        int quantity = 1 + n % 3;
                        long start = System.nanoTime();
                        TestServer.Reply reply = server.post("/sell/api/orders", TestServer.orderJson(openid, productId, quantity));
                        if (reply.status() != 201) throw new AssertionError("an order failed meanwhile: " + reply);
                        acknowledged.put(reply.json().get("orderId").asText(),
                                new Acknowledged(openid, quantity, start, System.nanoTime()));
                    }
                    return null;
                });
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 300);
            before = new HashMap<>(acknowledged);
            long backupStart = System.nanoTime();
            Run backup = runBackup(server.db, copy.toString());
            long backupEnd = System.nanoTime();
            int atEnd = acknowledged.size();
            // intake went on through the backup and after it
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= atEnd + 100);
            ordering.set(false);
            buyers.shutdown();
            assertTrue(buyers.awaitTermination(30, TimeUnit.SECONDS));
            for (var task : buyers.shutdownNow()) throw new AssertionError("a buyer did not finish: " + task);

            assertEquals(0, backup.status(), backup.output());
            Matcher printed = COPIED.matcher(backup.output());
            assertTrue(printed.find(), backup.output());
            assertEquals(copy.toString(), printed.group(1));
            copiedOrders = Long.parseLong(printed.group(2).replace(",", ""));
            assertTrue(copiedOrders >= before.size(), copiedOrders + " orders copied, " + before.size() + " acknowledged before");
            long during = acknowledged.values().stream().filter(a -> a.endNanos() > backupStart && a.startNanos() < backupEnd).count();
            assertTrue(during > 0, "orders were acknowledged while the backup ran");
            printLatencies(acknowledged, backupStart, backupEnd);

            try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + copy); Statement query = sql.createStatement()) {
                assertEquals(List.of("ok"), rows(query, "PRAGMA integrity_check"));
                assertEquals(List.of(String.valueOf(copiedOrders)), rows(query, "SELECT COUNT(*) FROM orders"));
                Set<String> inCopy = new HashSet<>(rows(query, "SELECT order_id FROM orders"));
                for (String orderId : before.keySet()) assertTrue(inCopy.contains(orderId), "order " + orderId + " is in the copy");
                // the copy is a log of its own: consoles that saw the live one reload rather than trust its seqs
                assertFalse(rows(query, "SELECT epoch FROM shop").contains(server.sellerGet("/sell/api/seller/events?since=0")
                        .json().path("epoch").asText()));
            }
        }

        // the restore: a server started on the copy serves every order acknowledged before the backup
        Path restoredDir = Files.createTempDirectory("sell-restored");
        try (TestServer restored = TestServer.start(new Config(0, copy.toString(), restoredDir, TestServer.TOKEN, 0))) {
            int served = 0;
            for (Map.Entry<String, Acknowledged> entry : acknowledged.entrySet()) {
                TestServer.Reply reply = restored.get("/sell/api/orders/" + entry.getKey() + "?openid=" + entry.getValue().openid());
                // an order acknowledged after the backup began may or may not be in it
                if (reply.status() == 404 && !before.containsKey(entry.getKey())) continue;
                assertEquals(200, reply.status(), reply.body());
                JsonNode items = reply.json().get("items");
                assertEquals(1, items.size());
                assertEquals(entry.getValue().quantity(), items.get(0).get("productQuantity").asInt());
                served++;
            }
            assertEquals(copiedOrders, served);
            assertEquals(copiedOrders, restored.orderCount());
            // and takes new ones
            restored.placeOrder("after-restore", "mapo-tofu", 1);
        }
    }

    @Test
    void anExistingFileIsReplacedOnlyWithForceAndPostgresIsPointedToPgDump() throws Exception {
        Path db = dir.resolve("sell.db");
        try (TestServer server = TestServer.start(TestServer.config(dir, 0))) {
            server.placeOrder("force-1", "mapo-tofu", 1);
            Path copy = dir.resolve("backups").resolve("sell.db");
            Files.createDirectories(copy.getParent());
            Files.writeString(copy, "an older file");

            Run refused = runInProcess(db.toString(), copy.toString());
            assertEquals(2, refused.status());
            assertEquals("sell: " + copy + " exists; add --force to replace it\n", refused.output());
            assertEquals("an older file", Files.readString(copy));

            Run replaced = runInProcess(db.toString(), copy.toString(), "--force");
            assertEquals(0, replaced.status(), replaced.output());
            assertTrue(replaced.output().contains(", 1 orders, 1 shop, in "), replaced.output());
            try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + copy); Statement query = sql.createStatement()) {
                assertEquals(List.of("ok"), rows(query, "PRAGMA integrity_check"));
                assertEquals(List.of("force-1"), rows(query, "SELECT buyer_openid FROM orders"));
            }
            // nothing but the copy is left beside it
            try (var files = Files.list(copy.getParent())) {
                assertEquals(List.of(copy), files.toList());
            }

            // a backup with no server running leaves the database as it was
            server.stop();
            byte[] stopped = Files.readAllBytes(db);
            Run offline = runInProcess(db.toString(), copy.toString(), "--force");
            assertEquals(0, offline.status(), offline.output());
            assertTrue(java.util.Arrays.equals(stopped, Files.readAllBytes(db)), "the database file is unchanged");
            server.startAgain();
        }

        Run postgres = runInProcess("jdbc:postgresql://localhost:5432/sell", dir.resolve("pg.db").toString());
        assertEquals(2, postgres.status());
        assertTrue(postgres.output().startsWith("sell: backup copies a SQLite file; for PostgreSQL use pg_dump"), postgres.output());
        assertEquals(1, postgres.output().lines().count());
        assertFalse(Files.exists(dir.resolve("pg.db")));

        Run noFile = runInProcess(db.toString());
        assertEquals(2, noFile.status());
        assertTrue(noFile.output().startsWith("sell: backup needs the FILE"), noFile.output());
    }

    private record Run(int status, String output) {
    }

    /** The command as users run it: its own process, on the live file. */
    private static Run runBackup(String db, String file) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "sell.Main", "backup", file);
        builder.environment().put("SELL_DB", db);
        builder.redirectErrorStream(true);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return new Run(process.exitValue(), output);
    }

    private static Run runInProcess(String db, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int status = BackupCommand.run(args, Map.of("SELL_DB", db), print, print);
        return new Run(status, out.toString(StandardCharsets.UTF_8));
    }

    /** The worst and 99th-percentile create latency while the backup ran, and over the same length just before it. */
    private static void printLatencies(Map<String, Acknowledged> acknowledged, long backupStart, long backupEnd) {
        long length = backupEnd - backupStart;
        long[] during = latencies(acknowledged, backupStart, backupEnd);
        long[] before = latencies(acknowledged, backupStart - length, backupStart);
        System.out.printf("backup under load: %d ms for the command; creates during it %d, p99 %.1f ms, worst %.1f ms;"
                        + " the same length before it %d, p99 %.1f ms, worst %.1f ms%n", length / 1_000_000,
                during.length, percentile(during, 0.99), percentile(during, 1), before.length, percentile(before, 0.99),
                percentile(before, 1));
    }

    private static long[] latencies(Map<String, Acknowledged> acknowledged, long from, long to) {
        return acknowledged.values().stream().filter(a -> a.endNanos() > from && a.startNanos() < to)
                .mapToLong(a -> a.endNanos() - a.startNanos()).sorted().toArray();
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) return 0;
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    private static List<String> rows(Statement sql, String query) throws Exception {
        List<String> rows = new java.util.ArrayList<>();
        try (ResultSet rs = sql.executeQuery(query)) {
            while (rs.next()) rows.add(rs.getString(1));
        }
        return rows;
    }
}
