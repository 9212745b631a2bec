package sell.push;

/** What the push side reports: how long an event took from commit to its frame, and why a socket closed. */
public interface PushMetrics {
    PushMetrics NONE = new PushMetrics() {
        @Override
        public void delivered(long nanos) {
        }

        @Override
        public void closed(String reason) {
        }
    };

    void delivered(long nanos);

    /** reason: one of a few fixed words (SellerSocket.Why), never anything a client sent. */
    void closed(String reason);
}
