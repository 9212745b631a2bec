package sell.core;

import java.math.BigDecimal;

/** Money is integer cents inside; on the wire a JSON number with at most two decimals (25.8). */
public final class Money {
    private Money() {
    }

    public static BigDecimal toJson(long cents) {
        BigDecimal value = BigDecimal.valueOf(cents, 2).stripTrailingZeros();
        return value.scale() < 0 ? value.setScale(0) : value;
    }
}
