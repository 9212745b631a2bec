package sell;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL for the tests, from Maven Central (zonky's embedded binaries): one server per
 * test JVM, shared, with a fresh database for every server a test starts; tests that stop their
 * database or crash it start one of their own.
 */
final class TestPostgres {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres shared;

    private TestPostgres() {
    }

    private static synchronized EmbeddedPostgres shared() {
        if (shared == null) {
            try {
                shared = EmbeddedPostgres.builder().setServerConfig("max_connections", "500").start();
            } catch (IOException e) {
                throw new UncheckedIOException("the tests' PostgreSQL did not start", e);
            }
        }
        return shared;
    }

    /** A new, empty database on the shared server; its URL, with the user in it. */
    static String freshDatabase() {
        return createDatabase(shared(), "sell_" + DATABASES.incrementAndGet());
    }

    static String createDatabase(EmbeddedPostgres server, String name) {
        try (Connection connection = server.getPostgresDatabase().getConnection();
             Statement sql = connection.createStatement()) {
            sql.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return url(server.getPort(), name);
    }

    static String url(int port, String name) {
        return "jdbc:postgresql://localhost:" + port + "/" + name + "?user=postgres";
    }

    /**
     * A server of the test's own, in folder (kept when it stops, so that it can start again on the
     * same port): durable, as a production server is (a commit is on disk when it returns).
     */
    static EmbeddedPostgres startOwn(Path folder, int port) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(folder)
                    .setCleanDataDirectory(false)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on");
            if (port > 0) builder.setPort(port);
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("a PostgreSQL of the test's own did not start", e);
        }
    }
}
