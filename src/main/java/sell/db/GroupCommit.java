package sell.db;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import sell.http.ApiError;

/**
 * The one writer: takes every write that is waiting, runs them in one transaction and commits
 * once, so one fsync makes a whole batch durable. Each write runs in its own savepoint (or, when
 * it undoes its own changes before refusing, without one), fails alone, and its caller is
 * answered only after the commit that made it durable. What the writes keep in memory beside the
 * database (BatchMemory) is rolled back with them and written once per batch.
 */
final class GroupCommit implements AutoCloseable {
    private static final int MAX_BATCH = 256;

    private final Database db;
    private final Jdbi writer;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final BlockingQueue<Write<?>> writes = new LinkedBlockingQueue<>();
    private final Thread writerThread;
    private final Executor answering;
    private final Memories memories = new Memories();
    private volatile boolean closed;

    /** Every BatchMemory kept, marked, rolled back, flushed and committed together. */
    static final class Memories {
        private final List<BatchMemory> kept = new CopyOnWriteArrayList<>();

        int[] mark() {
            int[] marks = new int[kept.size()];
            for (int i = 0; i < marks.length; i++) marks[i] = kept.get(i).mark();
            return marks;
        }

        void rollbackTo(int[] marks) {
            for (int i = marks.length - 1; i >= 0; i--) kept.get(i).rollbackTo(marks[i]);
        }

        void flush(Handle handle) {
            for (BatchMemory memory : kept) memory.flush(handle);
        }

        void committed() {
            for (BatchMemory memory : kept) memory.committed();
        }
    }

    /** One caller's write, answered when its batch has committed (or it failed on its own). */
    private static final class Write<T> {
        final HandleCallback<T, RuntimeException> work;
        final boolean selfContained;
        /** Answered on the answering thread rather than the writer's: the caller is not blocked. */
        final boolean async;
        final CompletableFuture<T> done = new CompletableFuture<>();
        T result;
        RuntimeException failure;

        Write(HandleCallback<T, RuntimeException> work, boolean selfContained, boolean async) {
            this.work = work;
            this.selfContained = selfContained;
            this.async = async;
        }

        /**
         * Runs without a savepoint when the work promises that a refusal it throws leaves nothing
         * behind; anything else it throws makes the whole batch run again the careful way.
         */
        void runFast(Database db, Handle handle, Memories memories) {
            if (!selfContained) {
                run(db, handle, memories);
                return;
            }
            result = null;
            failure = null;
            int[] mark = memories.mark();
            try {
                result = work.withHandle(handle);
            } catch (ApiError e) {
                failure = e;
            } catch (Database.Refused e) {
                failure = e;
            }
            if (failure != null) memories.rollbackTo(mark);
        }

        void run(Database db, Handle handle, Memories memories) {
            result = null;
            failure = null;
            int[] mark = memories.mark();
            db.update(handle, "SAVEPOINT one_write");
            try {
                result = work.withHandle(handle);
                db.update(handle, "RELEASE one_write");
            } catch (RuntimeException e) {
                db.update(handle, "ROLLBACK TO one_write");
                db.update(handle, "RELEASE one_write");
                memories.rollbackTo(mark);
                failure = e;
            }
        }

        void answer() {
            if (failure != null) done.completeExceptionally(failure);
            else done.complete(result);
        }
    }

    GroupCommit(Database db, Jdbi writer, Executor answering) {
        this.db = db;
        this.answering = answering;
        this.writer = writer;
        this.writerThread = new Thread(this::writeLoop, "sell-db-writer");
        writerThread.setDaemon(true);
        writerThread.start();
    }

    /** Keeps memory in step with the batches (see BatchMemory); before the first write that uses it. */
    void keep(BatchMemory memory) {
        memories.kept.add(memory);
    }

    <T> T write(HandleCallback<T, RuntimeException> work, boolean selfContained) {
        Write<T> write = new Write<>(work, selfContained, false);
        enqueue(write);
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

    /**
     * Like write, without blocking: the future completes on the answering executor once the
     * batch is durable (or the write failed on its own).
     */
    <T> CompletableFuture<T> writeAsync(HandleCallback<T, RuntimeException> work, boolean selfContained) {
        Write<T> write = new Write<>(work, selfContained, true);
        enqueue(write);
        return write.done;
    }

    private void enqueue(Write<?> write) {
        if (Thread.currentThread() == writerThread) throw new IllegalStateException("a write may not start another");
        if (closed) throw new IllegalStateException("database is closed");
        writes.add(write);
        if (closed && !writerThread.isAlive() && writes.remove(write)) throw new IllegalStateException("database is closed");
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
                int[] batchStart = memories.mark();
                try {
                    try {
                        writer.useTransaction(h -> {
                            for (Write<?> write : batch) write.runFast(db, h, memories);
                            memories.flush(h);
                        });
                    } catch (RuntimeException unexpected) {
                        // something failed half-way without a savepoint: nothing of this batch was
                        // committed, so run it again with a savepoint around each write
                        memories.rollbackTo(batchStart);
                        writer.useTransaction(h -> {
                            for (Write<?> write : batch) write.run(db, h, memories);
                            memories.flush(h);
                        });
                    }
                    memories.committed();
                    complete(batch, Write::answer);
                } catch (RuntimeException | Error e) {
                    // the commit itself failed: nothing of the batch is durable
                    memories.rollbackTo(batchStart);
                    complete(batch, write -> write.done.completeExceptionally(e));
                } finally {
                    writeLock.unlock();
                }
            } catch (InterruptedException e) {
                return;
            } catch (Throwable e) {
                complete(batch, write -> write.done.completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * Completes each write of the batch the way how says: blocked callers at once, asynchronous
     * ones on the answering executor in one job, so the writer wakes one thread per batch rather
     * than one per write, and no caller's continuation runs on the writer.
     */
    private void complete(List<Write<?>> batch, Consumer<Write<?>> how) {
        List<Write<?>> async = new ArrayList<>();
        for (Write<?> write : batch) {
            if (write.async) async.add(write);
            else how.accept(write);
        }
        if (async.isEmpty()) return;
        try {
            answering.execute(() -> async.forEach(how));
        } catch (RuntimeException rejected) {
            async.forEach(how);
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
