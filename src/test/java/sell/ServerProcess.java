package sell;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The service as its own operating-system process, for faults a process can suffer: SIGKILL, SIGTERM. */
final class ServerProcess implements AutoCloseable {
    private static final Pattern UP = Pattern.compile("Seller console: http://localhost:(\\d+)/");

    final Process process;
    final int port;
    final List<String> log = new CopyOnWriteArrayList<>();

    private ServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts sell.Main on a free port with the test token and the given database; waits until it serves. */
    static ServerProcess start(Path db, Map<String, String> env) throws Exception {
        return start(db.toString(), env);
    }

    /** The same, on a database named by a path or a jdbc: URL. */
    static ServerProcess start(String db, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "sell.Main");
        builder.environment().put("SELL_PORT", "0");
        builder.environment().put("SELL_DB", db);
        builder.environment().put("SELL_SELLER_TOKEN", TestServer.TOKEN);
        builder.environment().put("SELL_RATE_LIMIT", "0");
        builder.environment().putAll(env);
        builder.redirectErrorStream(true);
        Process process = builder.start();
        CountDownLatch up = new CountDownLatch(1);
        int[] port = {-1};
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                    Matcher m = UP.matcher(line);
                    if (m.find()) {
                        port[0] = Integer.parseInt(m.group(1));
                        up.countDown();
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "server-process-log");
        reader.setDaemon(true);
        reader.start();
        if (!up.await(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the server did not start: " + lines);
        }
        ServerProcess server = new ServerProcess(process, port[0]);
        server.log.addAll(lines);
        return server;
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** SIGKILL: no shutdown hook, nothing flushed that was not already durable. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM, as an init system or Ctrl-C sends it. */
    void terminate() {
        process.destroy();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) kill();
    }
}
