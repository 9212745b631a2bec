package sell.event;

/**
 * Tells listeners that a shop's log grew ("the doorbell"); the log itself is the mailbox. In one
 * process the order service rings it after each commit; across instances a database notification
 * can ring it instead, and listeners need not change.
 */
public interface EventSource {
    interface Listener {
        void logGrew(String shopId);
    }

    void subscribe(Listener listener);
}
