package sell.db;

import java.util.concurrent.CompletableFuture;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import sell.core.Refusal;

/** One caller's write in a batch, answered when its batch has committed (or it failed on its own). */
final class Write<T> {
    /** The shop whose rows the work changes, or null. */
    final String shopId;
    /** Ids of what the work reads through the batch's memory (the products it sells), read for the whole batch at its start. */
    final java.util.List<String> reads;
    final HandleCallback<T, RuntimeException> work;
    /** The work undoes its own changes before it refuses: it may run without a savepoint. */
    final boolean undoesItsRefusals;
    /** Answered on the answering executor rather than the writer's thread: the caller is not blocked. */
    final boolean async;
    final CompletableFuture<T> done = new CompletableFuture<>();
    private T result;
    private Throwable failure;

    Write(String shopId, java.util.List<String> reads, HandleCallback<T, RuntimeException> work,
          boolean undoesItsRefusals, boolean async) {
        this.shopId = shopId;
        this.reads = reads;
        this.work = work;
        this.undoesItsRefusals = undoesItsRefusals;
        this.async = async;
    }

    /**
     * Runs without a savepoint when the work promises that a Refusal it throws leaves nothing
     * behind; anything else it throws makes the whole batch run again the careful way.
     */
    void runFast(Statements statements, Handle handle, BatchMemories memories, GroupCommit.Engine engine) {
        if (!undoesItsRefusals) {
            run(statements, handle, memories, engine);
            return;
        }
        result = null;
        failure = null;
        int[] mark = memories.mark();
        try {
            result = work.withHandle(handle);
        } catch (Refusal refused) {
            failure = refused;
            memories.rollbackTo(mark);
        }
    }

    /** Runs in a savepoint of its own: whatever it throws undoes only its own changes. */
    void run(Statements statements, Handle handle, BatchMemories memories, GroupCommit.Engine engine) {
        result = null;
        failure = null;
        int[] mark = memories.mark();
        statements.update(handle, "SAVEPOINT one_write");
        try {
            result = work.withHandle(handle);
            statements.update(handle, "RELEASE one_write");
        } catch (RuntimeException e) {
            statements.update(handle, "ROLLBACK TO one_write");
            statements.update(handle, "RELEASE one_write");
            memories.rollbackTo(mark);
            failure = e instanceof Refusal ? e : engine.translate(e);
        }
    }

    void answer() {
        if (failure != null) done.completeExceptionally(failure);
        else done.complete(result);
    }
}
