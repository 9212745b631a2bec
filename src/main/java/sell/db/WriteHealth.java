package sell.db;

import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the database takes writes. It stops at the first write refused for a reason of the
 * database's own (a full disk, a read-only file, PostgreSQL gone) and starts again at a write that
 * commits with no refusal in the QUIET before it: on a nearly full disk a small write may still
 * fit where an order does not, and health should not flap with each. While it is stopped, the idle
 * writer tries a small write of its own every second, so that health comes back when the database
 * does, also when nobody writes (a load balancer sends nothing to an instance that is down).
 */
final class WriteHealth {
    private static final Logger LOG = LoggerFactory.getLogger(WriteHealth.class);
    private static final long PROBE_EVERY_NANOS = 1_000_000_000L;
    private static final long QUIET_NANOS = 2_000_000_000L;
    /**
     * One row changed and changed back in one transaction: a real write (SQLite skips a row
     * rewritten as it was, and would then write nothing to its log), which leaves nothing changed.
     */
    private static final String PROBE_THERE = "UPDATE shop SET head_seq = head_seq + 1 WHERE shop_id = (SELECT MIN(shop_id) FROM shop)";
    private static final String PROBE_BACK = "UPDATE shop SET head_seq = head_seq - 1 WHERE shop_id = (SELECT MIN(shop_id) FROM shop)";

    private volatile boolean failing;
    /** When the database last refused a write, and when the last probe ran (writer thread only). */
    private long lastRefusal;
    private long lastProbe;

    boolean failing() {
        return failing;
    }

    /** A batch, or a probe, was refused because the database cannot write now. */
    void refused(RuntimeException why) {
        lastRefusal = System.nanoTime();
        if (failing) return;
        failing = true;
        LOG.warn("the database cannot write ({}): writes answer 503 until it can again", Failures.rootMessage(why));
    }

    void committed() {
        if (!failing || System.nanoTime() - lastRefusal < QUIET_NANOS) return;
        failing = false;
        LOG.info("the database writes again");
    }

    /** On the idle writer: while failing, a probe write once a second. */
    void probeIfDue(Jdbi writer, Statements statements, GroupCommit.Engine engine) {
        if (!failing || System.nanoTime() - lastProbe < PROBE_EVERY_NANOS) return;
        lastProbe = System.nanoTime();
        try {
            writer.useTransaction(h -> {
                // nothing left behind by a failed batch may go out with the probe
                engine.lockShops(h, java.util.List.of());
                statements.update(h, PROBE_THERE);
                statements.update(h, PROBE_BACK);
            });
            committed();
        } catch (RuntimeException e) {
            RuntimeException failure = engine.translate(e);
            if (failure instanceof Database.Unavailable) refused(failure);
            LOG.debug("probe write refused: {}", failure.toString());
        }
    }
}
