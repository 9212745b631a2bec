package sell.order;

/**
 * Order ids: the millisecond, this instance's number (0..999, unique among the instances serving
 * a database) and a count within the millisecond: 19 digits, short enough to read out on the
 * phone, unique across instances by construction. A thousand ids in one millisecond borrow the
 * next one. Ids are not secrets: a buyer's order is only shown with its openid. The database's
 * unique key stays the last word (a clock set back across a restart): a repeated id is retried.
 */
public final class OrderIds {
    private static final int PER_MILLISECOND = 1000;

    private final String instance;
    private long millis;
    private int count;

    public OrderIds(int instanceNumber) {
        if (instanceNumber < 0 || instanceNumber > 999) throw new IllegalArgumentException("instance number " + instanceNumber);
        this.instance = threeDigits(instanceNumber);
    }

    public synchronized String next(long now) {
        if (now > millis) {
            millis = now;
            count = 0;
        } else if (++count == PER_MILLISECOND) {
            millis++;
            count = 0;
        }
        return millis + instance + threeDigits(count);
    }

    private static String threeDigits(int n) {
        return n >= 100 ? Integer.toString(n) : n >= 10 ? "0" + n : "00" + n;
    }
}
