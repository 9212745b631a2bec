package sell.shop;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import sell.http.ApiError;

/**
 * The seller console's files (scripts, styles, the bell's sound), and in the same way the API's
 * description and its page (API_FOLDER), read from the jar once each and kept with a strong ETag.
 * Served by name from one folder: a name is a plain file name with a known type, so no path can
 * reach anything else. Read through the class loader's own open jar; a static-file handler would
 * mount the jar as a file system, indexing its thousands of entries on every start.
 */
public final class ConsoleFiles {
    static final String FOLDER = "/static/seller/";
    /** The OpenAPI document (openapi.json) and the page that renders it for people. */
    public static final String API_FOLDER = "/static/api/";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*(\\.[a-z0-9]+)+");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html;charset=utf-8",
            "js", "text/javascript;charset=utf-8",
            "css", "text/css;charset=utf-8",
            "wav", "audio/wav",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json");

    private record File(byte[] bytes, String etag, String type) {
    }

    private final Map<String, File> files = new ConcurrentHashMap<>();
    private final String folder;

    /** The seller console's files. */
    public ConsoleFiles() {
        this(FOLDER);
    }

    /** The files of another folder of the jar's static/, served the same way. */
    public ConsoleFiles(String folder) {
        this.folder = folder;
    }

    /** GET and HEAD of /sell/seller/{file}: the file, a 304 when the browser's copy is current, or a 404. */
    public void serve(Context ctx) {
        serve(ctx, ctx.pathParam("file"));
    }

    /** The named file of the folder, answered as serve(ctx) answers. */
    public void serve(Context ctx, String name) {
        File file = find(name);
        if (file == null) throw ApiError.notFound("no console file " + name);
        SessionHandlers.securityHeaders().forEach(ctx::header);
        // revalidated on every load, so that an upgrade never runs new HTML with old modules
        ctx.header("Cache-Control", "no-cache");
        ctx.header("ETag", file.etag());
        if (matches(ctx.header("If-None-Match"), file.etag())) {
            // the validators and caching headers, no representation metadata (RFC 9110, 15.4.5).
            // Jetty adds Content-Length: 0; the file's length, which the RFC allows, made
            // OkHttp wait for a body that never came.
            ctx.res().setContentType(null);
            ctx.status(304);
            return;
        }
        ctx.contentType(file.type());
        ctx.result(file.bytes());
    }

    private File find(String name) {
        if (name.length() > 64 || !NAME.matcher(name).matches()) return null;
        String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
        if (type == null) return null;
        File kept = files.get(name);
        if (kept != null) return kept;
        byte[] bytes = read(folder + name);
        // misses are not kept: any name may be asked for, and the map holds only real files
        if (bytes == null) return null;
        File file = new File(bytes, etag(bytes), type);
        files.put(name, file);
        return file;
    }

    /** True when one of the tags the browser holds is this one (weak or strong: the bytes are all there is). */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) return false;
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.trim();
            if (t.startsWith("W/")) t = t.substring(2);
            if (t.equals("*") || t.equals(etag)) return true;
        }
        return false;
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] read(String path) {
        try (InputStream in = ConsoleFiles.class.getResourceAsStream(path)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
