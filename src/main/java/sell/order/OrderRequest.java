package sell.order;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import sell.http.ApiError;
import sell.http.Fields;

/** A validated request to place an order; every field checked before anything is read or written. */
public record OrderRequest(String buyerName, String buyerPhone, String buyerAddress, String buyerOpenid,
                           List<Line> items) {
    public static final int MAX_ITEMS = 100;
    public static final int MAX_QUANTITY = 999;

    public record Line(String productId, int quantity) {
    }

    public static OrderRequest from(JsonNode body) {
        String name = Fields.text(body, "buyerName", "buyerName", 64);
        String phone = phone(Fields.text(body, "buyerPhone", "buyerPhone", 32), "buyerPhone");
        String address = Fields.text(body, "buyerAddress", "buyerAddress", 256);
        String openid = openid(Fields.text(body, "buyerOpenid", "buyerOpenid", 64), "buyerOpenid");
        JsonNode items = body.get("items");
        if (items == null || items.isNull()) throw ApiError.invalid("items", "is required");
        if (!items.isArray()) throw ApiError.invalid("items", "must be an array");
        return new OrderRequest(name, phone, address, openid, lines(items, "items"));
    }

    /** The items as given in the compatible API's form field, same rules. */
    public static List<Line> lines(JsonNode items, String path) {
        if (items.isEmpty()) throw ApiError.invalid(path, "must hold at least one item");
        if (items.size() > MAX_ITEMS) throw ApiError.invalid(path, "must hold at most " + MAX_ITEMS + " items");
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String itemPath = path + "[" + i + "]";
            JsonNode item = items.get(i);
            if (!item.isObject()) throw ApiError.invalid(itemPath, "must be an object");
            String productId = Fields.text(item, "productId", itemPath + ".productId", 64);
            int quantity = Fields.integer(item, "productQuantity", itemPath + ".productQuantity", 1, MAX_QUANTITY);
            lines.add(new Line(productId, quantity));
        }
        return lines;
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
            throw ApiError.invalid(path, "must be a phone number (digits, spaces, + - . ( ))");
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The buyer's opaque id: printable, no spaces. */
    public static String openid(String value, String path) {
        if (!value.codePoints().allMatch(c -> !Character.isWhitespace(c) && !Character.isISOControl(c))) {
            throw ApiError.invalid(path, "must not contain spaces");
        }
        return value;
    }
}
