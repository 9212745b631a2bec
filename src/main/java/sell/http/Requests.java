package sell.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import sell.core.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** Reading what a request carries, each refusal in the error envelope's terms. */
public final class Requests {
    public static final int MAX_BODY = 64 * 1024;

    private Requests() {
    }

    /** The body as one JSON object; wrong media type is 415, too large 413, malformed 400. */
    public static JsonNode jsonBody(Context ctx) {
        String type = ctx.header("Content-Type");
        if (type == null || !mediaType(type).equals("application/json")) {
            throw new ApiError(415, "unsupported_media_type", "Content-Type must be application/json", null);
        }
        String charset = parameter(type, "charset");
        if (charset != null && !charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
            throw new ApiError(415, "unsupported_media_type", "JSON must be UTF-8", null);
        }
        return Json.readObject(body(ctx));
    }

    /**
     * The raw body, refused with 413 past the cap without reading further. A body of declared
     * length is read into an array of exactly that size (Javalin's own reading allocates an 8 KiB
     * chunk and a growing copy for every request); a chunked one goes through Javalin, which
     * enforces the same cap. Read once: it is not kept for a second call.
     */
    public static byte[] body(Context ctx) {
        long declared = ctx.contentLength();
        if (declared > MAX_BODY) throw tooLarge();
        if (declared < 0) return ctx.bodyAsBytes();
        byte[] body;
        try {
            body = ctx.req().getInputStream().readNBytes((int) declared);
        } catch (IOException e) {
            throw ApiError.malformed("body ended before its Content-Length");
        }
        if (body.length != declared) throw ApiError.malformed("body ended before its Content-Length");
        return body;
    }

    public static ApiError tooLarge() {
        return new ApiError(413, "payload_too_large", "request body must be at most " + MAX_BODY + " bytes", null);
    }

    public static boolean isForm(Context ctx) {
        String type = ctx.header("Content-Type");
        return type != null && mediaType(type).equals("application/x-www-form-urlencoded");
    }

    /**
     * Refuses a query string with a broken percent-escape (a % not followed by two hex digits)
     * as malformed: Javalin drops such a parameter, which would read as missing and be refused
     * for the wrong reason (or not at all, when it is optional).
     */
    public static void checkQuery(Context ctx) {
        checkEscapes(ctx.queryString(), "the query string");
    }

    /**
     * Refuses URL-encoded text (a query string, a form body) whose percent-escapes are broken or
     * spell bytes that are not UTF-8: decoded, they would become replacement characters, not
     * what the client sent.
     */
    public static void checkEscapes(String encoded, String what) {
        if (encoded == null || encoded.indexOf('%') < 0) return;
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c != '%') {
                bytes.write(c < 0x80 ? c : '?');
                continue;
            }
            if (i + 2 >= encoded.length() || !isHex(encoded.charAt(i + 1)) || !isHex(encoded.charAt(i + 2))) {
                throw ApiError.malformed(what + " has a broken percent-escape at character " + (i + 1));
            }
            bytes.write(Integer.parseInt(encoded, i + 1, i + 3, 16));
            i += 2;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes.toByteArray()));
        } catch (java.nio.charset.CharacterCodingException e) {
            throw ApiError.malformed(what + " has percent-escaped bytes that are not UTF-8");
        }
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    public static String requiredQuery(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) throw ApiError.missing(name);
        return value;
    }

    public static int intQuery(Context ctx, String name, int defaultValue, int min, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isEmpty()) return defaultValue;
        try {
            int value = Integer.parseInt(raw);
            if (value >= min && value <= max) return value;
        } catch (NumberFormatException ignored) {
            // refused below
        }
        throw ApiError.invalid(name, "must be a whole number " + min + ".." + max);
    }

    public static long longQuery(Context ctx, String name, long defaultValue) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isEmpty()) return defaultValue;
        try {
            long value = Long.parseLong(raw);
            if (value >= 0) return value;
        } catch (NumberFormatException ignored) {
            // refused below
        }
        throw ApiError.invalid(name, "must be a whole number 0 or more");
    }

    /** The Idempotency-Key header: absent, or 1..255 printable ASCII characters. */
    public static String idempotencyKey(Context ctx) {
        String key = ctx.header("Idempotency-Key");
        if (key == null) return null;
        if (key.isEmpty() || key.length() > 255 || !key.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new ApiError(400, "invalid_header", "Idempotency-Key must be 1..255 printable characters",
                    "Idempotency-Key");
        }
        return key;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    private static String parameter(String contentType, String name) {
        String[] parts = contentType.split(";");
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].split("=", 2);
            if (kv.length == 2 && kv[0].strip().equalsIgnoreCase(name)) return kv[1].strip().replace("\"", "");
        }
        return null;
    }
}
