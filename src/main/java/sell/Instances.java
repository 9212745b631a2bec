package sell;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sell.db.Channel;
import sell.push.SellerSockets;
import sell.shop.SellerAuth;
import sell.shop.SellerSessions;

/**
 * What the instances sharing a database tell each other besides events: a console session was
 * signed out (its sockets close on every instance), the shops' tokens changed (every instance
 * reads them again). A message that does not arrive costs a few seconds: every few seconds, and
 * whenever listening restarts, the sessions of the open sockets are checked against the database.
 */
final class Instances implements AutoCloseable {
    static final String SESSIONS = "sessions";
    static final String TOKENS = "tokens";
    private static final Logger LOG = LoggerFactory.getLogger(Instances.class);

    private final Channel channel;
    private final SellerSockets sockets;
    private final SellerSessions sessions;
    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "sell-sessions-check");
        thread.setDaemon(true);
        return thread;
    });

    Instances(Channel channel, SellerSockets sockets, SellerSessions sessions, SellerAuth auth, long checkEveryMillis) {
        this.channel = channel;
        this.sockets = sockets;
        this.sessions = sessions;
        channel.subscribe(SESSIONS, sockets::closeSession);
        channel.subscribe(TOKENS, message -> auth.reload());
        channel.onResume(() -> checker.execute(this::checkSessions));
        checker.scheduleWithFixedDelay(this::checkSessions, checkEveryMillis, checkEveryMillis, TimeUnit.MILLISECONDS);
    }

    /** A session was signed out here: its sockets elsewhere close too. */
    void sessionEnded(String sessionHash) {
        send(SESSIONS, sessionHash);
    }

    /** A shop or a token was added or changed here. */
    void tokensChanged() {
        send(TOKENS, "reload");
    }

    /** Tells the running instances that the shops' tokens changed (the add-shop command, which serves nothing). */
    static void tokensChanged(Channel channel) {
        channel.send(TOKENS, List.of("reload"));
    }

    private void send(String topic, String message) {
        try {
            channel.send(topic, List.of(message));
        } catch (RuntimeException e) {
            LOG.debug("could not tell the other instances ({}): {}", topic, e.toString());
        }
    }

    /** Closes the sockets whose console session no longer exists (signed out on another instance). */
    private void checkSessions() {
        try {
            Set<String> open = sockets.sessions();
            Set<String> gone = new HashSet<>(open);
            gone.removeAll(sessions.existing(open));
            gone.forEach(sockets::closeSession);
        } catch (RuntimeException e) {
            LOG.debug("could not check the sessions of open sockets: {}", e.toString());
        }
    }

    @Override
    public void close() {
        checker.shutdownNow();
    }
}
