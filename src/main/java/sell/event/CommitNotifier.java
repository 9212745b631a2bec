package sell.event;

import java.util.List;

/** What a writer calls once its transaction, which appended these events, has committed. */
public interface CommitNotifier {
    void committed(List<Event> events);
}
