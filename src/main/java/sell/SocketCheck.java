package sell;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sell.push.SellerSockets;
import sell.shop.SellerAuth;
import sell.shop.SellerSessions;

/**
 * Every few seconds, whether each open seller socket still speaks for someone: its console
 * session exists (the open socket keeps it alive: an all-day console never signs out by itself)
 * and its shop's token is the one it was opened under. What another process did (a sign-out on
 * another instance, the rotate-token command) closes a socket here within one check; what this
 * process did closes it at once.
 */
final class SocketCheck implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SocketCheck.class);

    private final SellerSockets sockets;
    private final SellerSessions sessions;
    private final SellerAuth auth;
    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "sell-socket-check");
        thread.setDaemon(true);
        return thread;
    });

    SocketCheck(SellerSockets sockets, SellerSessions sessions, SellerAuth auth, long everyMillis) {
        this.sockets = sockets;
        this.sessions = sessions;
        this.auth = auth;
        checker.scheduleWithFixedDelay(this::check, everyMillis, everyMillis, TimeUnit.MILLISECONDS);
    }

    /** Checks soon, off the caller's thread. */
    void soon() {
        try {
            checker.execute(this::check);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // closing: the sockets close anyway
        }
    }

    /** Checks now, on the caller's thread. */
    void check() {
        try {
            // a rotation ends sessions too: its sockets close as rotated, not as signed out
            sockets.closeRotated(auth.tokenHashes(sockets.shops()));
            Set<String> open = sockets.sessions();
            sessions.keepAlive(open);
            Set<String> gone = new HashSet<>(open);
            gone.removeAll(sessions.existing(open));
            gone.forEach(sockets::closeSession);
        } catch (RuntimeException e) {
            LOG.debug("could not check the open sockets' sessions and tokens: {}", e.toString());
        }
    }

    @Override
    public void close() {
        checker.shutdownNow();
    }
}
