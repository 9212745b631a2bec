package sell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Request;
import sell.shop.SessionHandlers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The API description: served, well-formed, complete, and the check of every answer really refuses. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiTest {
    private final ApiDocument document = ApiDocument.served();
    private TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.start();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void theDocumentIsServedAsJsonWithAStrongETag() {
        TestServer.Reply reply = server.get("/sell/api/openapi.json");
        assertEquals(200, reply.status());
        assertEquals("application/json", reply.headers().get("Content-Type").split(";")[0].strip());
        assertEquals(ApiDocument.read(), reply.body(), "the hand-written file, as it is");
        String etag = reply.headers().get("ETag");
        assertTrue(etag.startsWith("\""), "a strong ETag: " + etag);
        TestServer.Reply again = server.call(new Request.Builder().url(server.url("/sell/api/openapi.json"))
                .header("If-None-Match", etag).build());
        assertEquals(304, again.status());
        assertEquals("", again.body());
    }

    @Test
    void thePageForPeopleIsServedLikeTheConsolesFilesAndRunsUnderItsPolicy() {
        TestServer.Reply page = server.get("/sell/api/docs");
        assertEquals(200, page.status());
        assertTrue(page.headers().get("Content-Type").startsWith("text/html"));
        assertEquals(SessionHandlers.securityHeaders().get("Content-Security-Policy"), page.headers().get("Content-Security-Policy"));
        assertTrue(page.headers().get("ETag").startsWith("\""));
        // no inline script or style, nothing from another host
        assertFalse(Pattern.compile("<script(?![^>]*\\ssrc=)").matcher(page.body()).find(), "every script has a src");
        assertFalse(page.body().contains("<style") || page.body().contains(" style="), "no inline style");
        assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(page.body()).find(), "nothing from another host");
        Map<String, String> files = Map.of("docs.js", "text/javascript", "schema.js", "text/javascript", "docs.css", "text/css");
        files.forEach((name, type) -> {
            TestServer.Reply file = server.get("/sell/api/docs/" + name);
            assertEquals(200, file.status(), name);
            assertTrue(file.headers().get("Content-Type").startsWith(type), name + ": " + file.headers().get("Content-Type"));
            assertTrue(page.body().contains("/sell/api/docs/" + name) || name.equals("schema.js"), name + " is the page's");
            for (String unsafe : List.of("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "@import")) {
                assertFalse(file.body().contains(unsafe), name + " uses " + unsafe);
            }
        });
        assertTrue(server.get("/sell/api/docs/docs.js").body().contains("'/sell/api/openapi.json'"));
        assertEquals(404, server.get("/sell/api/docs/nothing.js").status());
    }

    @Test
    void theDocumentIsWellFormedOpenApi31() {
        JsonNode root = document.root;
        assertTrue(root.path("openapi").asText().startsWith("3.1."), root.path("openapi").toString());
        assertTrue(root.path("info").path("title").isTextual() && root.path("info").path("version").isTextual());
        assertTrue(root.path("paths").isObject() && root.path("paths").size() > 0);
        assertTrue(root.path("components").path("schemas").isObject());
        String description = root.path("info").path("description").asText();
        for (String told : List.of("/sell/webSocket", "docs/PROTOCOL.md", "/sell/buyer/", "order.created", "reset", "heartbeat")) {
            assertTrue(description.contains(told), "the description tells of " + told);
        }
        // every reference stays in the document and names something there
        List<String> refs = new ArrayList<>();
        collectRefs(root, refs);
        assertFalse(refs.isEmpty());
        for (String ref : refs) {
            assertFalse(document.at(ApiDocument.internal(ref)).isMissingNode(), "dangling " + ref);
        }
        Set<String> operationIds = new HashSet<>();
        for (ApiDocument.Operation op : document.operations) {
            assertTrue(operationIds.add(op.node().path("operationId").asText()), "operationId of " + op.route());
            assertTrue(op.node().path("responses").size() > 0, op.route() + " lists its answers");
            assertEquals(templateParameters(op.template()), pathParameters(op), op.route() + ": its path parameters");
        }
        // every schema of an answer compiles (a broken one would fail only the first call that hits it)
        ResponseSchemas schemas = new ResponseSchemas(document.text);
        root.path("components").path("schemas").fieldNames()
                .forEachRemaining(name -> schemas.problems("/components/schemas/" + name, "null"));
    }

    @Test
    void everyRouteTheServerDeclaresIsDescribedAndNothingElse() {
        Set<String> declared = new TreeSet<>();
        for (String route : server.app().routes()) {
            if (ApiDocument.isV1(route.substring(route.indexOf(' ') + 1))) declared.add(route);
        }
        assertTrue(declared.contains("POST /sell/api/orders") && declared.contains("GET /sell/health"), declared.toString());
        assertEquals(declared, new TreeSet<>(document.routes()));
    }

    @Test
    void theCheckRefusesAnswersThatBreakTheDescription() {
        ApiContract contract = ApiContract.served();
        ObjectNode order = (ObjectNode) server.placeOrder("contract-1", "beef-noodle-soup", 2);
        String path = "/sell/api/orders/" + order.get("orderId").asText();
        contract.check("GET", path, 200, "application/json", order.toString());

        refused(contract, "GET", path, 200, "application/json", without(order, "orderId"), "orderId");
        refused(contract, "GET", path, 200, "application/json", with(order, "orderAmount", "25.805"), "orderAmount");
        refused(contract, "GET", path, 200, "application/json", with(order, "createTime", "\"2025-01-01T08:00:00+08:00\""),
                "createTime");
        refused(contract, "GET", path, 200, "application/json", with(order, "orderStatus", "\"LOST\""), "orderStatus");
        refused(contract, "GET", path, 200, "application/json", with(order, "surprise", "1"), "surprise");
        String error = "{\"error\":{\"code\":\"conflict\",\"message\":\"no\"}}";
        refused(contract, "GET", "/sell/api/products", 409, "application/json", error, "lists no answer 409");
        refused(contract, "GET", path, 404, "application/json", "{\"error\":{\"code\":\"not_found\"}}", "message");
        refused(contract, "GET", path, 404, "text/plain", "not found", "text/plain");
        refused(contract, "PATCH", "/sell/api/products", 200, "application/json", "{}", "no operation PATCH");
        refused(contract, "GET", "/sell/api/nothing", 200, "application/json", "{}", "no operation GET");
        refused(contract, "GET", "/sell/api/seller/orders.csv", 200, "application/json", "{}", "text/csv");
        refused(contract, "POST", "/sell/api/orders", 201, "application/json", "", "none came");
        // what is not described may still be refused the usual way
        contract.check("PATCH", "/sell/api/products", 405, "application/json",
                "{\"error\":{\"code\":\"method_not_allowed\",\"message\":\"method not allowed here\"}}");
        contract.check("GET", "/sell/buyer/product/list", 200, "application/json", "{\"code\":0}");
    }

    @Test
    void aDescriptionThatLostAFieldFailsTheRealAnswer() {
        ObjectNode broken = (ObjectNode) document.root.deepCopy();
        ObjectNode orderSchema = (ObjectNode) broken.at("/components/schemas/Order");
        ((ObjectNode) orderSchema.get("properties")).remove("orderId");
        ArrayNode required = (ArrayNode) orderSchema.get("required");
        for (int i = required.size() - 1; i >= 0; i--) {
            if (required.get(i).asText().equals("orderId")) required.remove(i);
        }
        ApiContract contract = new ApiContract(new ApiDocument(broken.toString()));
        TestServer.Reply reply = server.post("/sell/api/orders", TestServer.orderJson("contract-2", "milk-tea", 1));
        assertEquals(201, reply.status(), reply.body());
        refused(contract, "POST", "/sell/api/orders", 201, reply.headers().get("Content-Type"), reply.body(), "orderId");
    }

    private static void refused(ApiContract contract, String method, String path, int status, String contentType, String body,
                                String mentioned) {
        AssertionError error = assertThrows(AssertionError.class, () -> contract.check(method, path, status, contentType, body),
                "refused: " + method + " " + path + " " + status + " " + body);
        assertTrue(error.getMessage().contains(mentioned), error.getMessage());
    }

    private static String without(ObjectNode node, String field) {
        ObjectNode copy = node.deepCopy();
        copy.remove(field);
        return copy.toString();
    }

    private static String with(ObjectNode node, String field, String json) {
        ObjectNode copy = node.deepCopy();
        try {
            copy.set(field, TestServer.MAPPER.readTree(json));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return copy.toString();
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (field.getKey().equals("$ref")) refs.add(field.getValue().asText());
                else collectRefs(field.getValue(), refs);
            }
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, refs));
        }
    }

    private static Set<String> templateParameters(String template) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("\\{([^}]+)\\}").matcher(template);
        while (m.find()) names.add(m.group(1));
        return names;
    }

    private Set<String> pathParameters(ApiDocument.Operation op) {
        Set<String> names = new TreeSet<>();
        for (JsonNode parameter : op.node().path("parameters")) {
            JsonNode p = parameter.has("$ref") ? document.at(ApiDocument.internal(parameter.get("$ref").asText())) : parameter;
            if (p.path("in").asText().equals("path")) {
                assertTrue(p.path("required").asBoolean(), op.route() + ": path parameter " + p.path("name") + " is required");
                names.add(p.path("name").asText());
            }
        }
        return names;
    }
}
