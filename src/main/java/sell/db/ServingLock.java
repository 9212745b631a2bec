package sell.db;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One serving process per SQLite file. A server pushes the orders it takes to its own sockets
 * only, so a second server on the same file would take orders that the first one's sellers
 * never hear of. The lock is the operating system's, on a file beside the database
 * ({@code sell.db.lock}): it ends with the process however the process ends, so nothing stale is
 * left to clean up, and the file itself is left in place. The add-shop command does not take it:
 * it only adds a shop, which a running server finds within seconds of the new token's first use.
 */
final class ServingLock implements AutoCloseable {
    private static final ServingLock NONE = new ServingLock(null, null);

    private final FileChannel channel;
    private final FileLock lock;

    private ServingLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock of database (whose folder exists), or CannotOpen naming the process that holds it; none without a file. */
    static ServingLock take(Path database) {
        if (database == null) return NONE;
        Path path = fileOf(database);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // a server in this process has it
            }
            if (lock == null) {
                String holder = holder(channel);
                throw new Database.CannotOpen(database.toAbsolutePath() + " is already served by another sell"
                        + " process" + (holder.isEmpty() ? "" : " (" + holder + ")"));
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n")
                    .getBytes(StandardCharsets.US_ASCII)), 0);
            return new ServingLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new Database.CannotOpen("cannot lock " + path.toAbsolutePath() + " (" + e.getMessage() + ")");
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    static Path fileOf(Path database) {
        return database.resolveSibling(database.getFileName() + ".lock");
    }

    /** What the holder wrote into the file ("pid 1234"), or empty when it has not yet. */
    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer text = ByteBuffer.allocate(64);
        channel.read(text, 0);
        String written = new String(text.array(), 0, text.position(), StandardCharsets.US_ASCII).trim();
        return written.matches("pid [0-9]+") ? written : "";
    }

    @Override
    public void close() {
        if (lock == null) return;
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) return;
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }
}
