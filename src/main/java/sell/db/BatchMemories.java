package sell.db;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdbi.v3.core.Handle;

/** Every BatchMemory kept, marked, rolled back, flushed and committed together. */
final class BatchMemories {
    private final List<BatchMemory> kept = new CopyOnWriteArrayList<>();

    void add(BatchMemory memory) {
        kept.add(memory);
    }

    void begin(Handle handle, List<String> shops, List<String> reads) {
        for (BatchMemory memory : kept) memory.begin(handle, shops, reads);
    }

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
