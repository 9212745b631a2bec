package sell.db;

import java.util.List;
import java.util.function.Consumer;

/**
 * Short messages between the instances that share one database (PostgreSQL's NOTIFY and LISTEN),
 * each on a topic. Delivery is best effort: a message sent while an instance is not listening is
 * lost to it, so what a message announces must also be readable from the database (onResume says
 * when to read it).
 */
public interface Channel {
    /** Sends the messages (each at most a few hundred bytes, no newline) to every other instance, in one go. */
    void send(String topic, List<String> messages);

    /** onMessage gets each message another instance sends on topic; before start. */
    void subscribe(String topic, Consumer<String> onMessage);

    /** Runs each time listening (re)starts: from then on nothing sent is missed, until it stops again. */
    void onResume(Runnable onResume);

    /** Starts listening, on a thread of its own. */
    void start();

    /** True while messages are being received. */
    boolean listening();
}
