package sell;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sell.db.Channel;
import sell.push.SellerSockets;

/**
 * What the instances sharing a database tell each other besides events: a console session was
 * signed out (its sockets close on every instance), a shop's token changed (every instance checks
 * its open sockets at once). A message that does not arrive costs a few seconds: the sockets are
 * checked against the database every few seconds anyway, and whenever listening restarts.
 */
final class Instances {
    static final String SESSIONS = "sessions";
    static final String TOKENS = "tokens";
    private static final Logger LOG = LoggerFactory.getLogger(Instances.class);

    private final Channel channel;

    Instances(Channel channel, SellerSockets sockets, SocketCheck check) {
        this.channel = channel;
        channel.subscribe(SESSIONS, sockets::closeSession);
        channel.subscribe(TOKENS, message -> check.soon());
        channel.onResume(check::soon);
    }

    /** A session was signed out here: its sockets elsewhere close too. */
    void sessionEnded(String sessionHash) {
        send(SESSIONS, sessionHash);
    }

    /** A shop or a token was added or changed here. */
    void tokensChanged() {
        send(TOKENS, "check");
    }

    /** Tells the running instances that the shops' tokens changed (the add-shop and rotate-token commands). */
    static void tokensChanged(Channel channel) {
        channel.send(TOKENS, List.of("check"));
    }

    private void send(String topic, String message) {
        try {
            channel.send(topic, List.of(message));
        } catch (RuntimeException e) {
            LOG.debug("could not tell the other instances ({}): {}", topic, e.toString());
        }
    }
}
