package sell.db;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import sell.http.ApiError;

/**
 * The one writer: takes every write that is waiting, runs them in one transaction and commits
 * once, so one fsync makes a whole batch durable. Each write runs in its own savepoint (or, when
 * it undoes its own changes before refusing, without one), fails alone, and its caller is
 * answered only after the commit that made it durable.
 */
final class GroupCommit implements AutoCloseable {
    private static final int MAX_BATCH = 256;

    private final Database db;
    private final Jdbi writer;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final BlockingQueue<Write<?>> writes = new LinkedBlockingQueue<>();
    private final Thread writerThread;
    private volatile boolean closed;

    /** One caller's write, answered when its batch has committed (or it failed on its own). */
    private static final class Write<T> {
        final HandleCallback<T, RuntimeException> work;
        final boolean selfContained;
        final CompletableFuture<T> done = new CompletableFuture<>();
        T result;
        RuntimeException failure;

        Write(HandleCallback<T, RuntimeException> work, boolean selfContained) {
            this.work = work;
            this.selfContained = selfContained;
        }

        /**
         * Runs without a savepoint when the work promises that a refusal it throws leaves nothing
         * behind; anything else it throws makes the whole batch run again the careful way.
         */
        void runFast(Database db, Handle handle) {
            if (!selfContained) {
                run(db, handle);
                return;
            }
            result = null;
            failure = null;
            try {
                result = work.withHandle(handle);
            } catch (ApiError e) {
                failure = e;
            } catch (Database.Refused e) {
                failure = e;
            }
        }

        void run(Database db, Handle handle) {
            result = null;
            failure = null;
            db.update(handle, "SAVEPOINT one_write");
            try {
                result = work.withHandle(handle);
                db.update(handle, "RELEASE one_write");
            } catch (RuntimeException e) {
                db.update(handle, "ROLLBACK TO one_write");
                db.update(handle, "RELEASE one_write");
                failure = e;
            }
        }

        void answer() {
            if (failure != null) done.completeExceptionally(failure);
            else done.complete(result);
        }
    }

    GroupCommit(Database db, Jdbi writer) {
        this.db = db;
        this.writer = writer;
        this.writerThread = new Thread(this::writeLoop, "sell-db-writer");
        writerThread.setDaemon(true);
        writerThread.start();
    }

    <T> T write(HandleCallback<T, RuntimeException> work, boolean selfContained) {
        return submit(new Write<>(work, selfContained));
    }

    private <T> T submit(Write<T> write) {
        if (Thread.currentThread() == writerThread) throw new IllegalStateException("a write may not start another");
        if (closed) throw new IllegalStateException("database is closed");
        writes.add(write);
        if (closed && !writerThread.isAlive() && writes.remove(write)) throw new IllegalStateException("database is closed");
        try {
            return write.done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) throw runtime;
            throw new IllegalStateException(e.getCause());
        }
    }

    private void writeLoop() {
        List<Write<?>> batch = new ArrayList<>(MAX_BATCH);
        while (true) {
            try {
                Write<?> first = writes.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closed) return;
                    continue;
                }
                batch.add(first);
                writes.drainTo(batch, MAX_BATCH - 1);
                writeLock.lock();
                try {
                    try {
                        writer.useTransaction(h -> {
                            for (Write<?> write : batch) write.runFast(db, h);
                        });
                    } catch (RuntimeException unexpected) {
                        // something failed half-way without a savepoint: nothing of this batch was
                        // committed, so run it again with a savepoint around each write
                        writer.useTransaction(h -> {
                            for (Write<?> write : batch) write.run(db, h);
                        });
                    }
                    for (Write<?> write : batch) write.answer();
                } catch (RuntimeException e) {
                    // the commit itself failed: nothing of the batch is durable
                    for (Write<?> write : batch) write.done.completeExceptionally(e);
                } finally {
                    writeLock.unlock();
                }
            } catch (InterruptedException e) {
                return;
            } catch (Throwable e) {
                for (Write<?> write : batch) write.done.completeExceptionally(e);
            } finally {
                batch.clear();
            }
        }
    }

    /** Finishes the writes already queued, then stops; later writes are refused. */
    @Override
    public void close() {
        closed = true;
        try {
            writerThread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writeLock.lock();
        try {
            Write<?> late;
            while ((late = writes.poll()) != null) {
                late.done.completeExceptionally(new IllegalStateException("database is closed"));
            }
        } finally {
            writeLock.unlock();
        }
    }
}
