package sell;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** The system's clock moved by an offset a test sets: orders placed "yesterday", a report's "today" tomorrow. */
final class TestClock implements InstantSource {
    private volatile Duration offset = Duration.ZERO;

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    /** From now on the clock shows the system's time plus offset. */
    void set(Duration offset) {
        this.offset = offset;
    }

    /** From now on the clock shows at, moving on as time does. */
    void setTo(Instant at) {
        this.offset = Duration.between(Instant.now(), at);
    }
}
