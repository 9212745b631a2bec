package sell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RateLimitTest {
    @Test
    void aClientPastItsBurstGets429WithRetryAfterAndNoOrder() throws Exception {
        Path dir = Files.createTempDirectory("sell-rate");
        Config config = new Config(0, dir.resolve("sell.db").toString(), dir, TestServer.TOKEN, 2);
        try (TestServer server = TestServer.start(config)) {
            int created = 0;
            TestServer.Reply refused = null;
            for (int i = 0; i < 6 && refused == null; i++) {
                TestServer.Reply reply = server.post("/sell/api/orders", TestServer.orderJson("rate-" + i, "milk-tea", 1));
                if (reply.status() == 201) created++;
                else refused = reply;
            }
            assertEquals(4, created, "a burst of twice the rate goes through");
            assertEquals(429, refused.status());
            assertEquals("rate_limited", refused.errorCode());
            long retryAfter = Long.parseLong(refused.headers().get("Retry-After"));
            assertTrue(retryAfter >= 1 && retryAfter <= 2, "Retry-After " + retryAfter);
            assertEquals(4, server.orderCount());
            assertEquals(196, server.stockOf("milk-tea"));
            assertEquals(4, server.headSeq());
        }
    }
}
