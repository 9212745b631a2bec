package sell.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/** Typed, exact reads of request fields: no coercion, every refusal names the field. */
public final class Fields {
    private Fields() {
    }

    public static String text(JsonNode parent, String name, String path, int maxLength) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) throw ApiError.invalid(path, "is required");
        return checkedText(node, path, maxLength);
    }

    public static String optionalText(JsonNode parent, String name, String path, int maxLength) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) return null;
        return checkedText(node, path, maxLength);
    }

    /** A free-text value: trimmed, not blank, no control characters, at most maxLength characters. */
    public static String checkedText(JsonNode node, String path, int maxLength) {
        if (!node.isTextual()) throw ApiError.invalid(path, "must be a string");
        return cleanText(node.textValue(), path, maxLength);
    }

    public static String cleanText(String raw, String path, int maxLength) {
        String value = raw.strip();
        if (value.isEmpty()) throw ApiError.invalid(path, "must not be blank");
        if (value.codePointCount(0, value.length()) > maxLength) {
            throw ApiError.invalid(path, "must be at most " + maxLength + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || Character.isSurrogate(c) && !validSurrogateAt(value, i)) {
                throw ApiError.invalid(path, "must not contain control characters");
            }
            // bidi overrides and other invisible formatting can disguise what a seller reads;
            // the zero-width joiner stays allowed, emoji sequences need it
            if (Character.getType(c) == Character.FORMAT && c != '\u200D') {
                throw ApiError.invalid(path, "must not contain invisible formatting characters");
            }
        }
        return value;
    }

    public static int integer(JsonNode parent, String name, String path, int min, int max) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) throw ApiError.invalid(path, "is required");
        return checkedInteger(node, path, min, max);
    }

    public static Integer optionalInteger(JsonNode parent, String name, String path, int min, int max) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) return null;
        return checkedInteger(node, path, min, max);
    }

    public static int checkedInteger(JsonNode node, String path, int min, int max) {
        if (!node.isIntegralNumber()) throw ApiError.invalid(path, "must be a whole number");
        if (!node.canConvertToLong() || node.longValue() < min || node.longValue() > max) {
            throw ApiError.invalid(path, "must be " + min + ".." + max);
        }
        return node.intValue();
    }

    /** A price in the currency's units with at most two decimals, returned as integer cents. */
    public static Long optionalCents(JsonNode parent, String name, String path, long maxCents) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) return null;
        if (!node.isNumber()) throw ApiError.invalid(path, "must be a number");
        BigDecimal value = node.decimalValue();
        if (value.signum() < 0 || value.compareTo(BigDecimal.valueOf(maxCents, 2)) > 0) {
            throw ApiError.invalid(path, "must be 0.." + BigDecimal.valueOf(maxCents, 2).toPlainString());
        }
        if (value.stripTrailingZeros().scale() > 2) throw ApiError.invalid(path, "must have at most two decimals");
        return value.movePointRight(2).longValueExact();
    }

    private static boolean validSurrogateAt(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
