package sell.core;

/**
 * A request the product refuses, thrown before anything is changed (or after it was undone). It
 * says what kind of refusal it is, never how a protocol shows it: the HTTP layer turns each kind
 * into its status, in one place.
 */
public class Refusal extends RuntimeException {
    /** What is wrong, in the product's terms. */
    public enum Kind {
        /** The request cannot be read at all (not JSON, not UTF-8). */
        MALFORMED,
        /** A field's value breaks a rule; the field is named. */
        INVALID,
        /** What the request names does not exist, or is not the caller's to see. */
        NOT_FOUND,
        /** The request is well-formed but the state forbids it (out of stock, already finished). */
        CONFLICT,
        /** The same request came again too soon; it may come back after retryAfterSeconds. */
        TOO_SOON
    }

    private final Kind kind;
    private final String code;
    private final String field;
    private long retryAfterSeconds;

    public Refusal(Kind kind, String code, String message, String field) {
        super(message, null, false, false);
        this.kind = kind;
        this.code = code;
        this.field = field;
    }

    public static Refusal malformed(String message) {
        return new Refusal(Kind.MALFORMED, "malformed_request", message, null);
    }

    public static Refusal invalid(String field, String message) {
        return new Refusal(Kind.INVALID, "invalid_field", field + " " + message, field);
    }

    public static Refusal notFound(String message) {
        return new Refusal(Kind.NOT_FOUND, "not_found", message, null);
    }

    public static Refusal conflict(String code, String message) {
        return new Refusal(Kind.CONFLICT, code, message, null);
    }

    public static Refusal tooSoon(String code, String message, long retryAfterSeconds) {
        Refusal refusal = new Refusal(Kind.TOO_SOON, code, message, null);
        refusal.retryAfterSeconds = retryAfterSeconds;
        return refusal;
    }

    /** When a TOO_SOON request may come again, in seconds; 0 for every other kind. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }
}
