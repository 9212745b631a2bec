package sell.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;

/**
 * The PostgreSQL of the benchmark, started here from the embedded binaries the tests use:
 * durable as in production (every commit flushed before it returns), with a database per run.
 */
final class PostgresForBench implements AutoCloseable {
    private final EmbeddedPostgres server;
    private final Path folder;

    private PostgresForBench(EmbeddedPostgres server, Path folder) {
        this.server = server;
        this.folder = folder;
    }

    static PostgresForBench start() throws Exception {
        Path folder = Files.createTempDirectory("sell-bench-pg");
        EmbeddedPostgres server = EmbeddedPostgres.builder()
                .setDataDirectory(folder)
                .setCleanDataDirectory(true)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("shared_buffers", "256MB")
                .setServerConfig("max_connections", "200")
                .start();
        return new PostgresForBench(server, folder);
    }

    /** A fresh database named name; the environment that points an instance at it (extra JVM options too). */
    Map<String, String> instance(String name, String... javaOptions) throws Exception {
        try (Connection connection = server.getPostgresDatabase().getConnection();
             Statement sql = connection.createStatement()) {
            sql.execute("CREATE DATABASE " + name);
        }
        String url = "jdbc:postgresql://localhost:" + server.getPort() + "/" + name + "?user=postgres";
        String extra = System.getenv("BENCH_SERVER_OPTS");
        String options = String.join(" ", javaOptions) + (extra == null ? "" : " " + extra);
        return options.isBlank() ? Map.of("SELL_DB", url) : Map.of("SELL_DB", url, "JAVA_OPTS", options.trim());
    }

    @Override
    public void close() throws Exception {
        server.close();
        if (!Files.exists(folder)) return;
        try (var files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
