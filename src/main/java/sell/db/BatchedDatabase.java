package sell.db;

import java.util.concurrent.CompletableFuture;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/** What SQLite and PostgreSQL share: every write goes through one batching writer (GroupCommit). */
abstract class BatchedDatabase implements Database {
    /** The writer; set once, by the implementation's constructor. */
    abstract GroupCommit commits();

    /** Where reads run. */
    abstract Jdbi readers();

    /** A failure of the database as callers see it (Unavailable, Duplicate, or as it is). */
    abstract RuntimeException translated(RuntimeException failure);

    @Override
    public final <T> T read(HandleCallback<T, RuntimeException> work) {
        try {
            return readers().withHandle(work);
        } catch (RuntimeException e) {
            throw translated(e);
        }
    }

    @Override
    public final <T> T write(String shopId, HandleCallback<T, RuntimeException> work) {
        return commits().write(shopId, work);
    }

    @Override
    public final <T> CompletableFuture<T> writeAsync(String shopId, java.util.List<String> reads,
                                                     HandleCallback<T, RuntimeException> work) {
        return commits().writeAsync(shopId, reads, work);
    }

    @Override
    public final void keep(BatchMemory memory) {
        commits().keep(memory);
    }

    @Override
    public final void requireWriting(String shopId) {
        commits().requireWriting(shopId);
    }

    /** Down while writes fail (until one commits again) or while a query gets no answer. */
    @Override
    public final void onCommit(java.util.function.LongConsumer observer) {
        commits().onCommit(observer);
    }

    @Override
    public final boolean healthy() {
        if (commits().writesFailing()) return false;
        try {
            return read(h -> one(h, "SELECT 1", rs -> rs.getInt(1)).orElse(0)) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
