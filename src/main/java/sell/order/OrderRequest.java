package sell.order;

import java.util.List;
import sell.core.Refusal;

/** A request to place an order, its fields read and checked before anything is read or written. */
public record OrderRequest(String buyerName, String buyerPhone, String buyerAddress, String buyerOpenid,
                           List<Line> items) {
    public static final int MAX_ITEMS = 100;
    public static final int MAX_QUANTITY = 999;
    public static final int MAX_NAME = 64;
    public static final int MAX_PHONE = 32;
    public static final int MAX_ADDRESS = 256;
    public static final int MAX_OPENID = 64;
    public static final int MAX_PRODUCT_ID = 64;

    public record Line(String productId, int quantity) {
    }

    /**
     * An optional leading +, then a digit, then digits and the usual separators (space, ( ) - .);
     * 3 to 20 digits. Checked in one pass: every order runs it.
     */
    public static String phone(String value, String path) {
        int start = value.startsWith("+") ? 1 : 0;
        int digits = 0;
        boolean valid = start < value.length() && isDigit(value.charAt(start));
        for (int i = start; valid && i < value.length(); i++) {
            char c = value.charAt(i);
            if (isDigit(c)) digits++;
            else valid = c == ' ' || c == '(' || c == ')' || c == '-' || c == '.';
        }
        if (!valid || digits < 3 || digits > 20) {
            throw Refusal.invalid(path, "must be a phone number (digits, spaces, + - . ( ))");
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The buyer's opaque id: printable, no spaces. */
    public static String openid(String value, String path) {
        if (!value.codePoints().allMatch(c -> !Character.isWhitespace(c) && !Character.isISOControl(c))) {
            throw Refusal.invalid(path, "must not contain spaces");
        }
        return value;
    }
}
