package sell;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The API description (static/api/openapi.json, the file the server serves) as the tests read it:
 * its operations, found by the method and path of a request.
 */
final class ApiDocument {
    static final String RESOURCE = "/static/api/openapi.json";
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options");

    /** One operation: its method, its path template, and where it sits in the document. */
    record Operation(String method, String template, Pattern pattern, String pointer, JsonNode node) {
        /** "GET /sell/api/orders/{orderId}" */
        String route() {
            return method.toUpperCase(Locale.ROOT) + " " + template;
        }
    }

    final String text;
    final JsonNode root;
    final List<Operation> operations;

    ApiDocument(String text) {
        this.text = text;
        try {
            this.root = TestServer.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(RESOURCE + " is not JSON: " + e.getMessage(), e);
        }
        this.operations = operations(root);
    }

    /** The document the server serves, read once from the class path. */
    static ApiDocument served() {
        return Served.DOCUMENT;
    }

    private static final class Served {
        static final ApiDocument DOCUMENT = new ApiDocument(read());
    }

    static String read() {
        try (InputStream in = ApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new AssertionError(RESOURCE + " is missing from the class path");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The paths the document must describe: the v1 API and the health check. */
    static boolean isV1(String path) {
        return path.startsWith("/sell/api/") || path.equals("/sell/health");
    }

    /**
     * The operation that answers method and path (an encoded path, as on the wire). Javalin ignores
     * a trailing slash, and a template with fewer parameters wins, as a literal route would.
     */
    Optional<Operation> find(String method, String path) {
        String normalized = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return operations.stream()
                .filter(op -> op.method().equalsIgnoreCase(method) && op.pattern().matcher(normalized).matches())
                .findFirst();
    }

    /** Every operation as "METHOD /path". */
    List<String> routes() {
        return operations.stream().map(Operation::route).toList();
    }

    /** The node a JSON pointer ("/components/schemas/Order") names; missing when there is none. */
    JsonNode at(String pointer) {
        return root.at(pointer);
    }

    /**
     * The pointer of the response the operation lists for a status (a Reference Object followed),
     * else of its "default"; null when it lists neither.
     */
    String response(Operation op, int status) {
        JsonNode responses = op.node().path("responses");
        String key = responses.has(String.valueOf(status)) ? String.valueOf(status)
                : responses.has(status / 100 + "XX") ? status / 100 + "XX"
                : responses.has("default") ? "default" : null;
        if (key == null) return null;
        String pointer = op.pointer() + "/responses/" + escape(key);
        JsonNode ref = at(pointer).path("$ref");
        return ref.isTextual() ? internal(ref.asText()) : pointer;
    }

    /** "#/components/schemas/Order" as a pointer; a reference out of the document is an error. */
    static String internal(String ref) {
        if (!ref.startsWith("#/")) throw new AssertionError("a $ref out of the document: " + ref);
        return ref.substring(1);
    }

    /** A JSON pointer's escaping of one key. */
    static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static List<Operation> operations(JsonNode root) {
        List<Operation> found = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : root.path("paths").properties()) {
            for (String method : METHODS) {
                JsonNode op = path.getValue().get(method);
                if (op == null) continue;
                found.add(new Operation(method, path.getKey(), pattern(path.getKey()),
                        "/paths/" + escape(path.getKey()) + "/" + method, op));
            }
        }
        // literal routes before templated ones: /sell/api/seller/orders.csv is not an {orderId}
        found.sort(Comparator.comparingLong(op -> op.template().chars().filter(c -> c == '{').count()));
        return List.copyOf(found);
    }

    /** A path template as a pattern: each {parameter} is one non-empty segment. */
    static Pattern pattern(String template) {
        StringBuilder regex = new StringBuilder();
        for (String part : template.split("(?=\\{)|(?<=\\})")) {
            regex.append(part.startsWith("{") ? "[^/]+" : Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }
}
