package sell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;
import sell.shop.ShopAdmin;

/** Hundreds of sockets across shops with orders flowing; the 10,000-socket run lives in the benchmark. */
class ManySocketsTest {
    private static final int SHOPS = 5;
    private static final int SOCKETS_PER_SHOP = 60;
    private static final int ORDERS_PER_SHOP = 20;

    @Test
    void everySocketGetsEveryEventOfItsShopAndNoneOfAnother() throws Exception {
        try (TestServer server = TestServer.start()) {
            List<String> tokens = new ArrayList<>();
            List<String> products = new ArrayList<>();
            for (int s = 0; s < SHOPS; s++) {
                ShopAdmin.NewShop shop = server.app().addShop("Shop " + s);
                tokens.add(shop.token());
                TestServer.Reply product = server.call(new Request.Builder().url(server.url("/sell/api/seller/products"))
                        .header("Authorization", "Bearer " + shop.token())
                        .post(RequestBody.create("{\"productName\":\"Dish " + s + "\",\"productPrice\":" + (s + 1)
                                + ",\"productStock\":1000}", TestServer.JSON)).build());
                assertEquals(201, product.status());
                products.add(product.json().get("productId").asText());
                assertEquals(1, server.get("/sell/api/products?shop=" + shop.shop().shopId()).json()
                        .get("categories").get(0).get("products").size());
            }
            List<List<Socket>> sockets = new ArrayList<>();
            for (int s = 0; s < SHOPS; s++) {
                List<Socket> ofShop = new ArrayList<>();
                for (int i = 0; i < SOCKETS_PER_SHOP; i++) {
                    Socket socket = Socket.open(server, "/sell/webSocket?token=" + tokens.get(s), null);
                    ofShop.add(socket);
                }
                sockets.add(ofShop);
            }
            for (List<Socket> ofShop : sockets) {
                for (Socket socket : ofShop) {
                    socket.awaitOpen();
                    assertEquals("hello", socket.next().get("type").asText());
                }
            }
            assertEquals(SHOPS * SOCKETS_PER_SHOP, server.get("/sell/health").json().get("sockets").asInt());

            ExecutorService buyers = Executors.newFixedThreadPool(SHOPS);
            List<Future<List<String>>> placed = new ArrayList<>();
            for (int s = 0; s < SHOPS; s++) {
                String productId = products.get(s);
                int shop = s;
                placed.add(buyers.submit(() -> {
                    List<String> ids = new ArrayList<>();
                    for (int i = 0; i < ORDERS_PER_SHOP; i++) {
                        ids.add(server.placeOrder("many-" + shop, productId, 1).get("orderId").asText());
                    }
                    return ids;
                }));
            }
            for (int s = 0; s < SHOPS; s++) {
                List<String> expected = placed.get(s).get();
                for (Socket socket : sockets.get(s)) {
                    List<JsonNode> events = socket.nextEvents(ORDERS_PER_SHOP);
                    List<String> got = new ArrayList<>();
                    for (int i = 0; i < events.size(); i++) {
                        // seq 1 is the shop's product, added before the sockets said hello
                        assertEquals(i + 2, events.get(i).get("seq").asLong(), "each shop has its own gapless seqs");
                        got.add(events.get(i).get("order").get("orderId").asText());
                        assertEquals(String.valueOf(s + 1), events.get(i).get("order").get("orderAmount").asText());
                    }
                    assertEquals(expected, got);
                }
            }
            buyers.shutdown();
            for (List<Socket> ofShop : sockets) {
                for (Socket socket : ofShop) {
                    assertEquals(List.of(), socket.drain(0));
                    socket.close();
                }
            }
        }
    }
}
