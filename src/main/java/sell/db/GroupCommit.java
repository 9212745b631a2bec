package sell.db;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * The writer: takes every write that is waiting, runs them in one transaction and commits once,
 * so one flush of the log makes a whole batch durable. Each write runs in its own savepoint (or,
 * when it undoes its own changes before refusing, without one), fails alone, and its caller is
 * answered only after the commit that made it durable. What the writes keep in memory beside the
 * database (BatchMemory) is rolled back with them and written once per batch.
 */
final class GroupCommit implements AutoCloseable {
    private static final int MAX_BATCH = 256;

    /** What the database under the writer decides. */
    interface Engine {
        /** Takes, in the batch's transaction, whatever keeps other writers of these shops out until it commits. */
        void lockShops(org.jdbi.v3.core.Handle handle, List<String> sortedShops);

        /** Sends what the batch keeps to be sent: its lock and reads, before its writes run. */
        void sendPending(org.jdbi.v3.core.Handle handle);

        /**
         * Sends what the batch's writes left to be sent, and may commit with it in the same round
         * trip: the commit that follows then has nothing left to do.
         */
        void sendAndCommit(org.jdbi.v3.core.Handle handle);

        /** The failure as callers should see it (the database unavailable, a duplicate key, or as it is). */
        RuntimeException translate(RuntimeException failure);
    }

    private final Statements statements;
    private final Jdbi writer;
    private final Engine engine;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final BlockingQueue<Write<?>> writes = new LinkedBlockingQueue<>();
    private final Thread writerThread;
    private final Executor answering;
    private final BatchMemories memories = new BatchMemories();
    private final WriteHealth health = new WriteHealth();
    /** The write running now (writer thread only). */
    private Write<?> running;
    private volatile boolean closed;

    private volatile java.util.function.LongConsumer commitObserver = nanos -> { };

    GroupCommit(Statements statements, Jdbi writer, Engine engine, Executor answering, String threadName) {
        this.statements = statements;
        this.writer = writer;
        this.engine = engine;
        this.answering = answering;
        this.writerThread = new Thread(this::writeLoop, threadName);
        writerThread.setDaemon(true);
        writerThread.start();
    }

    /** Keeps memory in step with the batches (see BatchMemory); before the first write that uses it. */
    void keep(BatchMemory memory) {
        memories.add(memory);
    }

    <T> T write(String shopId, HandleCallback<T, RuntimeException> work) {
        Write<T> write = new Write<>(shopId, List.of(), work, false, false);
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
     * Like write, without blocking, for work that undoes its own changes before it refuses: the
     * future completes on the answering executor once the batch is durable (or the write failed
     * on its own).
     */
    <T> CompletableFuture<T> writeAsync(String shopId, List<String> reads, HandleCallback<T, RuntimeException> work) {
        Write<T> write = new Write<>(shopId, reads, work, true, true);
        enqueue(write);
        return write.done;
    }

    /** Refuses, on the writer, work that changes a shop its write did not name (other writers of it are not kept out). */
    void requireWriting(String shopId) {
        Write<?> write = Thread.currentThread() == writerThread ? running : null;
        if (write == null || !shopId.equals(write.shopId)) {
            throw new IllegalStateException("a change of shop " + shopId + " outside a write that names it");
        }
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
                    probeIfDue();
                    continue;
                }
                batch.add(first);
                writes.drainTo(batch, MAX_BATCH - 1);
                writeLock.lock();
                try {
                    commit(batch);
                } finally {
                    writeLock.unlock();
                }
            } catch (InterruptedException e) {
                return;
            } catch (Throwable e) {
                complete(batch, write -> write.done.completeExceptionally(e));
            } finally {
                running = null;
                batch.clear();
            }
        }
    }

    /** Told how long each committed batch took, in nanoseconds (the metrics' commit time). */
    void onCommit(java.util.function.LongConsumer observer) {
        commitObserver = observer;
    }

    /** Runs and commits one batch, then answers each of its writes. */
    private void commit(List<Write<?>> batch) {
        long started = System.nanoTime();
        List<String> shops = shopsOf(batch);
        List<String> reads = readsOf(batch);
        int[] batchStart = memories.mark();
        try {
            try {
                runInOneTransaction(batch, shops, reads, false);
            } catch (RuntimeException unexpected) {
                RuntimeException failure = engine.translate(unexpected);
                if (failure instanceof Database.Unavailable) throw failure;
                // something failed half-way without a savepoint: nothing of this batch was
                // committed, so run it again with a savepoint around each write
                memories.rollbackTo(batchStart);
                runInOneTransaction(batch, shops, reads, true);
            }
            memories.committed();
            commitObserver.accept(System.nanoTime() - started);
            health.committed();
            complete(batch, Write::answer);
        } catch (RuntimeException | Error e) {
            // the commit itself failed: nothing of the batch is durable
            memories.rollbackTo(batchStart);
            Throwable failure = e instanceof RuntimeException runtime ? engine.translate(runtime) : e;
            if (failure instanceof Database.Unavailable unavailable) health.refused(unavailable);
            complete(batch, write -> write.done.completeExceptionally(failure));
        }
    }

    /** The batch's writes in one transaction, each in a savepoint of its own when careful, and the batch's memory. */
    private void runInOneTransaction(List<Write<?>> batch, List<String> shops, List<String> reads, boolean careful) {
        writer.useTransaction(h -> {
            engine.lockShops(h, shops);
            memories.begin(h, shops, reads);
            engine.sendPending(h);
            for (Write<?> write : batch) {
                running = write;
                if (careful) write.run(statements, h, memories, engine);
                else write.runFast(statements, h, memories, engine);
            }
            running = null;
            memories.flush(h);
            engine.sendAndCommit(h);
        });
    }

    /** True from a batch refused because the database cannot write until a write commits again. */
    boolean writesFailing() {
        return health.failing();
    }

    private void probeIfDue() {
        if (!health.failing()) return;
        writeLock.lock();
        try {
            health.probeIfDue(writer, statements, engine);
        } finally {
            writeLock.unlock();
        }
    }

    private static List<String> shopsOf(List<Write<?>> batch) {
        TreeSet<String> shops = new TreeSet<>();
        for (Write<?> write : batch) if (write.shopId != null) shops.add(write.shopId);
        return List.copyOf(shops);
    }

    private static List<String> readsOf(List<Write<?>> batch) {
        java.util.LinkedHashSet<String> reads = new java.util.LinkedHashSet<>();
        for (Write<?> write : batch) reads.addAll(write.reads);
        return List.copyOf(reads);
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
