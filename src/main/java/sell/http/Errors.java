package sell.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import org.eclipse.jetty.http.HttpException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import sell.core.Json;
import sell.core.Refusal;
import sell.db.Database;
import org.slf4j.LoggerFactory;

/** The one place where failures become answers: the JSON error envelope, never a stack trace. */
public final class Errors {
    private static final Logger LOG = LoggerFactory.getLogger(Errors.class);

    /** Renders a refusal for one family of endpoints (the compatible API has its own envelope). */
    public interface Envelope {
        void write(Context ctx, ApiError error);
    }

    private Errors() {
    }

    public static void register(RoutesConfig routes, Envelope compatEnvelope, String compatPrefix) {
        Envelope v1 = Errors::writeV1;
        routes.exception(ApiError.class, (e, ctx) -> pick(ctx, v1, compatEnvelope, compatPrefix).write(ctx, e));
        routes.exception(Refusal.class, (e, ctx) -> pick(ctx, v1, compatEnvelope, compatPrefix).write(ctx, ApiError.of(e)));
        routes.exception(HttpResponseException.class, (e, ctx) ->
                pick(ctx, v1, compatEnvelope, compatPrefix).write(ctx, fromJavalin(e)));
        routes.exception(Exception.class, (e, ctx) -> {
            ApiError refusal = refusalFor(e);
            if (refusal != null && refusal.status() == 503) ctx.header("Retry-After", "1");
            if (refusal == null) {
                LOG.error("unexpected failure on {} {}", ctx.method(), ctx.path(), e);
                refusal = new ApiError(500, "internal_error", "the server failed; nothing was changed", null);
            }
            pick(ctx, v1, compatEnvelope, compatPrefix).write(ctx, refusal);
        });
        routes.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                pick(ctx, v1, compatEnvelope, compatPrefix).write(ctx, ApiError.notFound("no such endpoint"));
            }
        });
    }

    public static void writeV1(Context ctx, ApiError e) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", e.code());
        error.put("message", e.getMessage());
        if (e.field() != null) error.put("field", e.field());
        if (e.retryAfterSeconds() > 0) ctx.header("Retry-After", String.valueOf(e.retryAfterSeconds()));
        ctx.status(e.status()).json(Map.of("error", error));
        if (ctx.header("Sec-WebSocket-Version") != null) writeNow(ctx, Json.write(Map.of("error", error)));
    }

    /** A refused WebSocket upgrade never reaches Javalin's result writing, so its body is written here. */
    public static void writeNow(Context ctx, String json) {
        try {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            ctx.res().setContentType("application/json");
            ctx.res().setHeader("X-Content-Type-Options", "nosniff");
            ctx.res().setContentLength(bytes.length);
            ctx.res().getOutputStream().write(bytes);
            ctx.res().flushBuffer();
        } catch (IOException e) {
            LOG.debug("could not write a refusal: {}", e.toString());
        }
    }

    private static Envelope pick(Context ctx, Envelope v1, Envelope compat, String compatPrefix) {
        return ctx.path().startsWith(compatPrefix) ? compat : v1;
    }

    /**
     * Failures that are not the server's fault even though they surface as exceptions: a body that
     * ends early or has broken chunks, a charset nobody knows, a request Jetty itself rejects, a
     * refusal wrapped on its way, a database that cannot be reached.
     */
    private static ApiError refusalFor(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ApiError refused) return refused;
            if (t instanceof Refusal refused) return ApiError.of(refused);
            if (t instanceof Database.Unavailable) {
                return new ApiError(503, "unavailable", "the database is unavailable; nothing was changed, try again", null);
            }
            if (t instanceof Database.Duplicate) {
                return ApiError.conflict("conflict", "a concurrent request took the same key; nothing was changed, try again");
            }
            if (t instanceof UnsupportedCharsetException || t instanceof IllegalCharsetNameException) {
                return new ApiError(415, "unsupported_media_type", "unknown charset", null);
            }
            if (t instanceof HttpException http && http.getCode() >= 400 && http.getCode() < 500) {
                return http.getCode() == 413 ? Requests.tooLarge()
                        : new ApiError(http.getCode(), http.getCode() == 400 ? "malformed_request" : "http_" + http.getCode(),
                        "request refused: " + http.getReason(), null);
            }
            if (t instanceof IOException) return ApiError.malformed("the request body could not be read");
        }
        return null;
    }

    private static ApiError fromJavalin(HttpResponseException e) {
        return switch (e.getStatus()) {
            case 404 -> ApiError.notFound("no such endpoint");
            case 405 -> new ApiError(405, "method_not_allowed", "method not allowed here", null);
            case 413 -> Requests.tooLarge();
            case 400 -> ApiError.malformed("malformed request");
            case 401 -> ApiError.unauthorized();
            default -> new ApiError(e.getStatus(), "http_" + e.getStatus(), "request refused", null);
        };
    }
}
