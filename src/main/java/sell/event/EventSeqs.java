package sell.event;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import sell.db.BatchMemory;
import sell.db.Database;
import sell.db.Statements;

/**
 * Each shop's newest seq, counted by the writer and written to the shop row once per batch, not
 * once per event (one statement fewer per order). A batch reads a shop's head from the database
 * the first time it needs it, inside its transaction and under the shop's lock, so the database
 * still decides (a head moved by anything else is simply read as it is). The undo log holds,
 * newest last, the head before every seq the batch has handed out, so that a write that fails
 * gives its seqs back and the next write takes them: seqs stay gapless. Writer thread only.
 */
final class EventSeqs implements BatchMemory {
    private record Undo(String shopId, long before) {
    }

    /** The batch's shops and where each head stands now; empty between batches. */
    private static final class Counts {
        final Map<String, Long> counted = new HashMap<>();
        final List<Undo> undo = new ArrayList<>();
    }

    private final Database db;
    private final Counts batch = new Counts();

    EventSeqs(Database db) {
        this.db = db;
        db.keep(this);
    }

    /** The shop's next seq, in the caller's write, which must name the shop. */
    long next(Handle handle, String shopId) {
        // the write names the shop, so no other writer (on any instance) moves its head meanwhile
        db.requireWriting(shopId);
        Long head = batch.counted.get(shopId);
        if (head == null) {
            head = db.one(handle, "SELECT head_seq FROM shop WHERE shop_id = ?", rs -> rs.getLong(1), shopId)
                    .orElseThrow(() -> new IllegalStateException("no shop " + shopId));
        }
        batch.undo.add(new Undo(shopId, head));
        batch.counted.put(shopId, head + 1);
        return head + 1;
    }

    /** Reads the heads of the batch's shops, with its first reads. */
    @Override
    public void begin(Handle handle, List<String> shops, List<String> reads) {
        batch.counted.clear();
        if (shops.isEmpty()) return;
        Statements.InList in = Statements.InList.of(shops);
        db.readAhead(handle, "SELECT shop_id, head_seq FROM shop WHERE shop_id IN (" + in.placeholders() + ")",
                rs -> batch.counted.put(rs.getString(1), rs.getLong(2)), in.values());
    }

    @Override
    public int mark() {
        return batch.undo.size();
    }

    @Override
    public void rollbackTo(int mark) {
        for (int i = batch.undo.size() - 1; i >= mark; i--) {
            Undo step = batch.undo.remove(i);
            batch.counted.put(step.shopId(), step.before());
        }
    }

    @Override
    public void flush(Handle handle) {
        Set<String> written = new HashSet<>();
        for (Undo step : batch.undo) {
            if (written.add(step.shopId())) {
                db.change(handle, "UPDATE shop SET head_seq = ? WHERE shop_id = ?", batch.counted.get(step.shopId()),
                        step.shopId());
            }
        }
    }

    @Override
    public void committed() {
        batch.undo.clear();
        batch.counted.clear();
    }
}
