package sell.db;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.sqlite.SQLiteConfig;

/**
 * A consistent copy of a SQLite database, made while a server takes orders on it. SQLite's
 * VACUUM INTO reads one snapshot through a read-only connection: in WAL mode a reader never
 * blocks the writer, so intake goes on while the copy is written. The copy is written beside the
 * target under another name and renamed into place once it is complete and on disk, so the target
 * is never a half-written file. Neither the serving lock nor anything in the source is touched.
 */
public final class Backup {
    /** What was copied: the copy's size, its orders and shops, and how long the whole backup took. */
    public record Result(Path source, Path target, long bytes, long orders, long shops, long millis) {
    }

    /** A backup that cannot be made as asked; the message says why, in one line. */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    private Backup() {
    }

    /** Copies the database at location to target; an existing target is replaced only when replace is set. */
    public static Result copy(Database.Location location, Path target, boolean replace) {
        if (location.postgres()) {
            throw new Refused("backup copies a SQLite file; for PostgreSQL use pg_dump (or pg_basebackup with WAL"
                    + " archiving), see docs/OPERATIONS.md");
        }
        long started = System.nanoTime();
        Path source = SqliteDatabase.fileOf(location.url());
        if (source == null) throw new Refused(location.url() + " names no database file");
        if (!Files.isRegularFile(source)) throw new Refused("there is no database at " + source.toAbsolutePath());
        Path copy = target.toAbsolutePath();
        Path folder = copy.getParent();
        if (!Files.isDirectory(folder)) throw new Refused("the folder " + folder + " does not exist");
        if (sameFile(source, copy)) throw new Refused(copy + " is the database itself");
        if (Files.isDirectory(copy)) throw new Refused(copy + " is a folder");
        if (Files.exists(copy) && !replace) throw new Refused(copy + " exists; add --force to replace it");
        Path partial = folder.resolve("." + copy.getFileName() + ".partial-" + ProcessHandle.current().pid());
        try {
            deleteWithCompanions(partial);
            vacuumInto(location.url(), partial);
            long[] counts = renewEpochs(partial);
            try (FileChannel file = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                // VACUUM INTO leaves its output to the page cache
                file.force(true);
            }
            copyPermissions(source, partial);
            if (Files.exists(copy) && !replace) throw new Refused(copy + " appeared meanwhile; add --force to replace it");
            moveIntoPlace(partial, copy);
            return new Result(source, copy, Files.size(copy), counts[0], counts[1], (System.nanoTime() - started) / 1_000_000);
        } catch (SQLException | IOException e) {
            throw new IllegalStateException(Failures.rootMessage(e), e);
        } finally {
            deleteWithCompanions(partial);
        }
    }

    /** One snapshot of the source written to the file, through a connection that cannot write the source. */
    private static void vacuumInto(String url, Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        // a snapshot may wait briefly while the server restarts its write-ahead log
        config.setBusyTimeout(10_000);
        try (Connection source = config.createConnection(url);
             PreparedStatement vacuum = source.prepareStatement("VACUUM INTO ?")) {
            vacuum.setString(1, file.toString());
            vacuum.execute();
        }
    }

    /**
     * Gives every shop of the copy a new epoch and counts its orders and shops. A restored copy
     * continues from older seqs than the sellers' consoles have seen; the new epoch makes each of
     * them reload instead of taking the seqs that the restored log gives out again for ones it saw.
     */
    private static long[] renewEpochs(Path file) throws SQLException {
        try (Connection copy = DriverManager.getConnection("jdbc:sqlite:" + file); Statement sql = copy.createStatement()) {
            sql.executeUpdate("UPDATE shop SET epoch = lower(hex(randomblob(16)))");
            return new long[]{count(sql, "SELECT COUNT(*) FROM orders"), count(sql, "SELECT COUNT(*) FROM shop")};
        }
    }

    private static long count(Statement sql, String query) throws SQLException {
        try (ResultSet rs = sql.executeQuery(query)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static boolean sameFile(Path source, Path copy) {
        try {
            return Files.exists(copy) ? Files.isSameFile(source, copy) : source.toAbsolutePath().normalize().equals(copy.normalize());
        } catch (IOException e) {
            return false;
        }
    }

    /** The copy holds what the database holds (buyers' addresses, token hashes): as private as the source. */
    private static void copyPermissions(Path source, Path file) {
        try {
            Files.setPosixFilePermissions(file, Files.getPosixFilePermissions(source));
        } catch (UnsupportedOperationException | IOException ignored) {
            // not a POSIX file system: the file system's defaults
        }
    }

    private static void moveIntoPlace(Path partial, Path copy) throws IOException {
        try {
            Files.move(partial, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, copy, StandardCopyOption.REPLACE_EXISTING);
        }
        // the rename itself is on disk once the folder is
        try (FileChannel folder = FileChannel.open(copy.getParent(), StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException ignored) {
            // some file systems cannot sync a folder; the file itself is on disk
        }
    }

    private static void deleteWithCompanions(Path file) {
        for (String suffix : List.of("", "-journal", "-wal", "-shm")) {
            try {
                Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
            } catch (IOException ignored) {
                // a leftover that the next backup removes
            }
        }
    }
}
