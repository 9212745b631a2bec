package sell.event;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** The single-process doorbell: committed events go into the log's memory tail, then listeners are woken. */
public final class LocalEvents implements EventSource, CommitNotifier {
    private final EventLog log;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public LocalEvents(EventLog log) {
        this.log = log;
    }

    @Override
    public void subscribe(Listener listener) {
        listeners.add(listener);
    }

    @Override
    public void committed(List<Event> events) {
        if (events.isEmpty()) return;
        log.remember(events);
        Set<String> shops = new LinkedHashSet<>();
        for (Event event : events) shops.add(event.shopId());
        for (String shop : shops) wake(shop);
    }

    /** Tells the listeners that the shop's log grew (its new events are in the log's memory already). */
    public void wake(String shopId) {
        for (Listener listener : listeners) listener.logGrew(shopId);
    }
}
