package sell.db;

import org.jdbi.v3.core.Handle;

/**
 * What writes keep in memory beside the database, touched only on the writer thread: a write that
 * fails has its changes rolled back (to the mark taken before it ran), the batch's changes are
 * written in its transaction just before it commits, and a batch that does not commit has all of
 * its changes rolled back. So a value counted in memory moves with the database, one UPDATE per
 * batch rather than one per write.
 */
public interface BatchMemory {
    /**
     * A batch begins, in its transaction, to change these shops (sorted), and its writes named
     * what they will read (reads: ids, a product's say): what it needs may be read ahead
     * (Statements.readAhead), all of it in the batch's first round trip.
     */
    default void begin(Handle handle, java.util.List<String> shops, java.util.List<String> reads) {
    }

    /** A point to roll back to: what the batch has changed so far. */
    int mark();

    /** Undoes every change made since mark, newest first. */
    void rollbackTo(int mark);

    /** Writes the batch's changes, in its transaction, just before it commits. */
    void flush(Handle handle);

    /** The batch committed: its changes are the starting point of the next. */
    void committed();
}
