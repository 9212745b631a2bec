package sell;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every answer a test receives from a v1 endpoint, held against the API description: the method
 * and path must be an operation of it (or the answer a 404 or 405), the status one the operation
 * lists, the content type one it lists for that status, and a JSON body valid by its schema. A
 * mismatch is an AssertionError, so the test that made the call fails.
 */
final class ApiContract {
    private final ApiDocument document;
    private final ResponseSchemas schemas;

    ApiContract(ApiDocument document) {
        this.document = document;
        this.schemas = new ResponseSchemas(document.text);
    }

    /** The contract of the document the server serves. */
    static ApiContract served() {
        return Served.CONTRACT;
    }

    private static final class Served {
        static final ApiContract CONTRACT = new ApiContract(ApiDocument.served());
    }

    /** Throws AssertionError when the answer to method and path (encoded, as sent) breaks the description. */
    void check(String method, String path, int status, String contentType, String body) {
        if (!ApiDocument.isV1(path)) return;
        List<String> problems = problems(method, path, status, contentType, body);
        if (problems.isEmpty()) return;
        String shown = body.length() > 600 ? body.substring(0, 600) + "…" : body;
        throw new AssertionError("the answer to " + method + " " + path + " breaks " + ApiDocument.RESOURCE + ": "
                + String.join("; ", problems) + "\n  answer: " + status + " " + contentType + " " + shown);
    }

    List<String> problems(String method, String path, int status, String contentType, String body) {
        Optional<ApiDocument.Operation> found = document.find(method, path);
        if (found.isEmpty()) {
            if (status != 404 && status != 405) {
                return List.of("no operation " + method + " " + path + " is described, yet it answered " + status);
            }
            // an unknown endpoint, or a method the path does not take: still the error envelope
            return json(contentType) ? schemas.problems("/components/schemas/Error", body) : List.of();
        }
        ApiDocument.Operation op = found.get();
        String response = document.response(op, status);
        if (response == null) return List.of(op.route() + " lists no answer " + status);
        return body(op, response, method, status, contentType, body);
    }

    private List<String> body(ApiDocument.Operation op, String response, String method, int status, String contentType,
                              String body) {
        JsonNode content = document.at(response + "/content");
        boolean noBody = method.equalsIgnoreCase("HEAD") || status == 204 || status == 304;
        if (body.isEmpty()) {
            return content.isMissingNode() || noBody ? List.of()
                    : List.of(op.route() + " " + status + " lists a body, yet none came");
        }
        if (content.isMissingNode()) return List.of(op.route() + " " + status + " lists no body, yet one came");
        String media = mediaType(contentType);
        if (!content.has(media)) {
            List<String> listed = new ArrayList<>();
            content.fieldNames().forEachRemaining(listed::add);
            return List.of(op.route() + " " + status + " lists " + listed + ", not " + contentType);
        }
        if (!json(contentType)) return List.of();
        String schema = response + "/content/" + ApiDocument.escape(media) + "/schema";
        if (document.at(schema).isMissingNode()) return List.of(op.route() + " " + status + " has no schema for " + media);
        return schemas.problems(schema, body);
    }

    private static boolean json(String contentType) {
        return "application/json".equals(mediaType(contentType));
    }

    private static String mediaType(String contentType) {
        if (contentType == null) return "";
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }
}
