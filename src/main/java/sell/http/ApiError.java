package sell.http;

import sell.core.Refusal;

/** A refusal at the HTTP layer: becomes the JSON error envelope with its status; thrown before anything is changed. */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String code;
    private final String field;
    private final long retryAfterSeconds;

    public ApiError(int status, String code, String message, String field) {
        this(status, code, message, field, 0);
    }

    /** retryAfterSeconds, when above 0, becomes the answer's Retry-After. */
    public ApiError(int status, String code, String message, String field, long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** The one place where the product's refusals get their HTTP status. */
    public static ApiError of(Refusal refusal) {
        int status = switch (refusal.kind()) {
            case MALFORMED -> 400;
            case INVALID -> 422;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case TOO_SOON -> 429;
        };
        return new ApiError(status, refusal.code(), refusal.getMessage(), refusal.field(), refusal.retryAfterSeconds());
    }

    public static ApiError malformed(String message) {
        return new ApiError(400, "malformed_request", message, null);
    }

    public static ApiError missing(String parameter) {
        return new ApiError(400, "missing_parameter", parameter + " is required", parameter);
    }

    public static ApiError invalid(String field, String message) {
        return new ApiError(422, "invalid_field", field + " " + message, field);
    }

    public static ApiError notFound(String message) {
        return new ApiError(404, "not_found", message, null);
    }

    public static ApiError conflict(String code, String message) {
        return new ApiError(409, code, message, null);
    }

    public static ApiError unauthorized() {
        return new ApiError(401, "unauthorized", "a valid seller token or session is required", null);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
