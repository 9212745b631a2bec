package sell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupTest {
    @TempDir
    Path dir;

    @Test
    void settingsComeFromFlagsThenEnvironmentThenDefaults() {
        Config defaults = Config.from(Map.of(), new String[0]);
        assertEquals(8080, defaults.port());
        assertEquals("data/sell.db", defaults.db());
        assertEquals(50, defaults.rateLimit());
        assertEquals(null, defaults.sellerToken());

        Config env = Config.from(Map.of("SELL_PORT", "9090", "SELL_DB", "/tmp/x/shop.db",
                "SELL_SELLER_TOKEN", "a-long-enough-token", "SELL_RATE_LIMIT", "0"), new String[0]);
        assertEquals(9090, env.port());
        assertEquals(Path.of("/tmp/x"), env.dataDir());
        assertEquals("a-long-enough-token", env.sellerToken());
        assertEquals(0, env.rateLimit());

        Config flags = Config.from(Map.of("SELL_PORT", "9090"), new String[]{"--port", "7070", "--db=jdbc:sqlite:/tmp/y/z.db"});
        assertEquals(7070, flags.port());
        assertEquals("jdbc:sqlite:/tmp/y/z.db", flags.jdbcUrl());
        assertEquals(Path.of("/tmp/y/z.db"), flags.sqliteFile());
    }

    @Test
    void invalidSettingsAreRefusedWithAReason() {
        assertEquals("SELL_PORT must be a whole number 0..65535, got 'eighty'",
                assertThrows(Config.Invalid.class, () -> Config.from(Map.of("SELL_PORT", "eighty"), new String[0])).getMessage());
        assertThrows(Config.Invalid.class, () -> Config.from(Map.of("SELL_PORT", "70000"), new String[0]));
        assertThrows(Config.Invalid.class, () -> Config.from(Map.of("SELL_SELLER_TOKEN", "short"), new String[0]));
        assertThrows(Config.Invalid.class, () -> Config.from(Map.of(), new String[]{"--colour", "red"}));
        assertThrows(Config.Invalid.class, () -> Config.from(Map.of(), new String[]{"--port"}));
    }

    @Test
    void aDatabasePathThatCannotBeWrittenStopsTheStart() throws IOException {
        Path notAFolder = Files.writeString(dir.resolve("plain-file"), "x");
        Config config = new Config(0, notAFolder.resolve("sell.db").toString(), notAFolder, TestServer.TOKEN, 0);
        Config.Invalid refused = assertThrows(Config.Invalid.class, () -> App.start(config));
        assertTrue(refused.getMessage().startsWith("SELL_DB: "), refused.getMessage());
        assertFalse(refused.getMessage().contains("\n"));
    }

    @Test
    void aBadPortStopsTheProcessWithOneLine() throws Exception {
        Process process = java(Map.of("SELL_PORT", "not-a-port", "SELL_DB", dir.resolve("a.db").toString()));
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue());
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals("sell: SELL_PORT must be a whole number 0..65535, got 'not-a-port'\n", stderr);
        assertFalse(Files.exists(dir.resolve("a.db")), "nothing is created when the settings are refused");
    }

    @Test
    void withoutATokenOneIsGeneratedKeptPrivateAndPrintedAsAConsoleUrl() throws Exception {
        Path db = dir.resolve("data").resolve("sell.db");
        String firstToken = startAndReadToken(db);
        Path tokenFile = dir.resolve("data").resolve("seller-token");
        assertEquals(firstToken, Files.readString(tokenFile).strip());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)));
        assertEquals(firstToken, startAndReadToken(db), "the second start keeps the same token");
    }

    @Test
    void addShopCreatesAShopWithItsOwnTokenAndEventLog() throws Exception {
        Path db = dir.resolve("shops.db");
        Matcher m = addShop(db, "Corner cafe");
        try (TestServer server = TestServer.start(new Config(0, db.toString(), dir, TestServer.TOKEN, 0))) {
            TestServer.Reply session = server.call(new Request.Builder().url(server.url("/sell/api/seller/session"))
                    .header("Authorization", "Bearer " + m.group(2)).build());
            assertEquals(200, session.status());
            assertEquals(m.group(1), session.json().get("shopId").asText());
            assertEquals("Corner cafe", session.json().get("shopName").asText());
            assertEquals(0, server.call(new Request.Builder().url(server.url("/sell/api/seller/orders"))
                    .header("Authorization", "Bearer " + m.group(2)).build()).json().get("orders").size());
        }
    }

    @Test
    void aSecondServerOnTheSameDatabaseIsRefusedWhileTheFirstServesAndAddShopStillWorks() throws Exception {
        Path db = dir.resolve("served.db");
        try (ServerProcess first = ServerProcess.start(db, Map.of())) {
            Process second = java(Map.of("SELL_PORT", "0", "SELL_DB", db.toString(), "SELL_SELLER_TOKEN", TestServer.TOKEN));
            boolean ended = second.waitFor(30, TimeUnit.SECONDS);
            if (!ended) second.destroyForcibly();
            assertTrue(ended, "the second server must not start");
            assertEquals(2, second.exitValue());
            assertEquals("sell: SELL_DB: " + db.toAbsolutePath() + " is already served by another sell process (pid "
                    + first.process.pid() + ")\n", new String(second.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));

            // adding a shop is not serving: it runs beside the server, which takes the new token
            // within seconds (a token it does not know has the tokens re-read, at most every 5 s)
            Matcher added = addShop(db, "Night kiosk");
            OkHttpClient client = new OkHttpClient();
            try {
                Request whoAmI = new Request.Builder().url(first.url("/sell/api/seller/session"))
                        .header("Authorization", "Bearer " + added.group(2)).build();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                int status;
                String body;
                do {
                    Thread.sleep(100);
                    try (Response session = client.newCall(whoAmI).execute()) {
                        status = session.code();
                        body = session.body().string();
                    }
                } while (status == 401 && System.nanoTime() < deadline);
                assertEquals(200, status, body);
                assertTrue(body.contains("\"shopId\":\"" + added.group(1) + "\""), body);
            } finally {
                client.dispatcher().executorService().shutdown();
                client.connectionPool().evictAll();
            }

            // the lock goes with the process, however it ends: nothing stale stops the next start
            first.kill();
        }
        try (ServerProcess next = ServerProcess.start(db, Map.of())) {
            assertEquals("pid " + next.process.pid(), Files.readString(db.resolveSibling("served.db.lock")).strip());
        }
    }

    @Test
    void oneProcessServesADatabaseOnceAndAgainAfterItsServerCloses() {
        Path db = dir.resolve("once.db");
        Config config = new Config(0, db.toString(), dir, TestServer.TOKEN, 0);
        try (App first = App.start(config)) {
            Config.Invalid refused = assertThrows(Config.Invalid.class, () -> App.start(config));
            assertEquals("SELL_DB: " + db.toAbsolutePath() + " is already served by another sell process (pid "
                    + ProcessHandle.current().pid() + ")", refused.getMessage());
            assertTrue(first.port() > 0);
        }
        try (App again = App.start(config)) {
            assertTrue(again.port() > 0);
        }
    }

    /** Runs the add-shop command on db; its output matched: group 1 the shop's id, group 2 its token. */
    private Matcher addShop(Path db, String name) throws Exception {
        Process process = java(Map.of("SELL_DB", db.toString(), "SELL_SELLER_TOKEN", TestServer.TOKEN), "add-shop", name);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), out);
        Matcher m = Pattern.compile("shop (\\S+) \\(" + Pattern.quote(name) + "\\) added; seller token: (\\S+)").matcher(out);
        assertTrue(m.find(), out);
        return m;
    }

    /** Starts the service as its own process on a free port, checks the token from its log, stops it. */
    private String startAndReadToken(Path db) throws Exception {
        Process process = java(Map.of("SELL_PORT", "0", "SELL_DB", db.toString()));
        try {
            BufferedReader log = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
            Pattern console = Pattern.compile("Seller console: (http://localhost:(\\d+)/sell/seller/)\\?token=(\\S+)");
            List<String> lines = new ArrayList<>();
            String line;
            while ((line = log.readLine()) != null) {
                lines.add(line);
                Matcher m = console.matcher(line);
                if (m.find()) {
                    String token = m.group(3);
                    OkHttpClient client = new OkHttpClient();
                    Request request = new Request.Builder()
                            .url("http://localhost:" + m.group(2) + "/sell/api/seller/orders")
                            .header("Authorization", "Bearer " + token).build();
                    try (Response response = client.newCall(request).execute()) {
                        assertEquals(200, response.code());
                    }
                    client.dispatcher().executorService().shutdown();
                    client.connectionPool().evictAll();
                    return token;
                }
            }
            throw new AssertionError("no console URL in the start-up log: " + lines);
        } finally {
            process.destroy();
            assertTrue(process.waitFor(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void selfTestRunsAnOrderEndToEndOnAThrowawayDatabase() throws Exception {
        Process process = java(Map.of("SELL_PORT", "1"), "self-test");
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), out + new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        // two beef noodle soups from the demo menu, the first event of a fresh log
        Matcher m = Pattern.compile("self-test passed in \\d+ ms: order (\\d{19}) \\(26\\.00\\) arrived on the seller socket as seq 1")
                .matcher(out);
        assertTrue(m.find(), out);
        // it ignored SELL_PORT and left the working folder alone
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.toList());
        }
    }

    private Process java(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "sell.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("SELL_SELLER_TOKEN");
        builder.environment().putAll(env);
        builder.directory(dir.toFile());
        return builder.start();
    }
}
