package sell;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The schemas of the API description, compiled by a JSON Schema validator with OpenAPI 3.1's
 * dialect: a schema is named by its pointer into the document, and its $refs into
 * #/components/schemas resolve within the same document. Formats (date-time, date) are asserted.
 */
final class ResponseSchemas {
    /** Where the document is said to live, so that "#/…" references resolve in it; never fetched. */
    private static final String BASE = "https://sell.invalid/sell/api/openapi.json";

    private final SchemaRegistry registry;
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

    ResponseSchemas(String documentText) {
        this.registry = SchemaRegistry.withDialect(Dialects.getOpenApi31(), builder -> builder
                .schemas(Map.of(BASE, documentText))
                .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    }

    /** What is wrong with json by the schema at pointer ("/components/schemas/Order"); empty when nothing. */
    List<String> problems(String pointer, String json) {
        Schema schema = compiled.computeIfAbsent(pointer, p -> {
            Schema loaded = registry.getSchema(SchemaLocation.of(BASE + "#" + p));
            // every reference loaded now, so that concurrent validations share a finished schema
            loaded.initializeValidators();
            return loaded;
        });
        return schema.validate(json, InputFormat.JSON).stream().map(Error::toString).toList();
    }
}
