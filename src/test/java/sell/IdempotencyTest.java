package sell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Runs on both stores. */
@ParameterizedClass
@EnumSource(Store.class)
class IdempotencyTest extends ServerTest {
    IdempotencyTest(Store store) {
        super(store);
    }

    private TestServer.Reply create(String key, String body) {
        return server.call(new Request.Builder().url(server.url("/sell/api/orders"))
                .header("Idempotency-Key", key)
                .post(RequestBody.create(body, TestServer.JSON)).build());
    }

    @Test
    void aRetryWithTheSameKeyReturnsTheFirstOrderAndChangesNothing() {
        String body = TestServer.orderJson("retry-1", "pork-dumplings", 2);
        TestServer.Reply first = create("key-0001", body);
        assertEquals(201, first.status());
        JsonNode order = first.json();
        assertEquals("21.6", order.get("orderAmount").asText());
        int stockAfterFirst = server.stockOf("pork-dumplings");
        assertEquals(98, stockAfterFirst);

        TestServer.Reply retry = create("key-0001", body);
        assertEquals(201, retry.status());
        assertEquals("true", retry.headers().get("Idempotent-Replayed"));
        assertEquals(order.get("orderId"), retry.json().get("orderId"));
        assertEquals(order.get("orderAmount"), retry.json().get("orderAmount"));
        assertEquals(98, server.stockOf("pork-dumplings"));
        assertEquals(1, server.orderCount());
        assertEquals(1, server.headSeq());
    }

    @Test
    void theSameKeyWithAnotherRequestIsRefused() {
        assertEquals(201, create("key-0002", TestServer.orderJson("retry-2", "milk-tea", 1)).status());
        TestServer.Reply other = create("key-0002", TestServer.orderJson("retry-2", "milk-tea", 5));
        assertEquals(422, other.status());
        assertEquals("idempotency_key_reused", other.errorCode());
        assertEquals(199, server.stockOf("milk-tea"));
        assertEquals(1, server.orderCount());
    }

    @Test
    void aRefusedRequestDoesNotUseUpItsKey() {
        String productId = server.createProduct("Scarce tea", "4", 1);
        TestServer.Reply refused = create("key-0003", TestServer.orderJson("retry-3", productId, 2));
        assertEquals(409, refused.status());
        TestServer.Reply later = create("key-0003", TestServer.orderJson("retry-3", productId, 2));
        assertEquals(409, later.status());
        assertEquals(1, server.stockOf(productId));
        TestServer.Reply differentKey = create("key-0004", TestServer.orderJson("retry-3", productId, 1));
        assertEquals(201, differentKey.status());
        assertNotEquals(refused.body(), differentKey.body());
        assertEquals(1, server.orderCount());
    }

    @Test
    void withoutAKeyEveryRequestIsANewOrder() {
        String body = TestServer.orderJson("retry-5", "lemon-tea", 1);
        String first = server.post("/sell/api/orders", body).json().get("orderId").asText();
        String second = server.post("/sell/api/orders", body).json().get("orderId").asText();
        assertNotEquals(first, second);
        assertEquals(2, server.orderCount());
        assertEquals(198, server.stockOf("lemon-tea"));
    }
}
