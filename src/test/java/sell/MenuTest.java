package sell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import okhttp3.FormBody;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The seller's menu: every product, categories, and every change pushed to the shop's sockets. On both stores. */
@ParameterizedClass
@EnumSource(Store.class)
class MenuTest extends ServerAndSocketTest {
    MenuTest(Store store) {
        super(store);
    }

    private JsonNode sellerProducts() {
        TestServer.Reply reply = server.sellerGet("/sell/api/seller/products");
        assertEquals(200, reply.status(), reply.toString());
        return reply.json().get("products");
    }

    private JsonNode sellerProduct(String productId) {
        for (JsonNode product : sellerProducts()) {
            if (product.get("productId").asText().equals(productId)) return product;
        }
        return null;
    }

    /** The category of the buyer menu that lists the product, or null when the menu does not. */
    private Integer menuCategoryOf(String productId) {
        for (JsonNode category : server.get("/sell/api/products").json().get("categories")) {
            for (JsonNode product : category.get("products")) {
                if (product.get("productId").asText().equals(productId)) return category.get("categoryType").asInt();
            }
        }
        return null;
    }

    private static void refused(TestServer.Reply reply, int status, String code) {
        assertEquals(status, reply.status(), reply.toString());
        assertEquals(code, reply.errorCode(), reply.toString());
    }

    @Test
    void theSellerSeesEveryProductOnSaleOrNot() {
        JsonNode products = sellerProducts();
        assertEquals(7, products.size());
        for (JsonNode product : products) {
            assertEquals("ON_SALE", product.get("productStatus").asText());
            assertTrue(product.get("categoryType").isInt());
        }
        JsonNode first = products.get(0);
        assertEquals("braised-pork-rice", first.get("productId").asText());
        assertEquals("12.9", first.get("productPrice").decimalValue().toPlainString());
        assertEquals(1, first.get("categoryType").asInt());

        assertEquals(200, server.sellerPut("/sell/api/seller/products/mapo-tofu", "{\"productStatus\":\"OFF_SALE\"}").status());
        assertEquals("OFF_SALE", sellerProduct("mapo-tofu").get("productStatus").asText());
        assertEquals(7, sellerProducts().size(), "off sale, still on the seller's menu");
        assertNull(menuCategoryOf("mapo-tofu"), "and gone from the buyer's at once");

        assertEquals(401, server.get("/sell/api/seller/products").status());
        assertEquals(401, server.get("/sell/api/seller/categories").status());
    }

    @Test
    void categoriesAreListedAddedAndRenamedAndEachChangeIsPushed() {
        JsonNode categories = server.sellerGet("/sell/api/seller/categories").json().get("categories");
        List<String> names = new ArrayList<>();
        for (JsonNode c : categories) names.add(c.get("categoryType").asInt() + " " + c.get("categoryName").asText());
        assertEquals(List.of("1 Hot dishes", "2 Noodles & dumplings", "3 Drinks"), names);

        TestServer.Reply added = server.sellerPost("/sell/api/seller/categories", "{\"categoryName\":\"Soups\",\"categoryType\":7}");
        assertEquals(201, added.status(), added.toString());
        assertEquals("Soups", added.json().get("categoryName").asText());
        assertEquals(7, added.json().get("categoryType").asInt());
        JsonNode event = socket.nextEvent();
        assertEquals("category.updated", event.get("type").asText());
        assertEquals(1, event.get("seq").asLong());
        assertEquals("Soups", event.get("category").get("categoryName").asText());
        assertEquals(7, event.get("category").get("categoryType").asInt());

        refused(server.sellerPost("/sell/api/seller/categories", "{\"categoryName\":\"Other soups\",\"categoryType\":7}"),
                409, "category_exists");
        // the refusal names the field, so that a form shows it there
        assertEquals("categoryType", server.sellerPost("/sell/api/seller/categories",
                "{\"categoryName\":\"Other soups\",\"categoryType\":7}").json().get("error").get("field").asText());
        refused(server.sellerPost("/sell/api/seller/categories", "{\"categoryName\":\"  \",\"categoryType\":8}"),
                422, "invalid_field");
        refused(server.sellerPost("/sell/api/seller/categories", "{\"categoryName\":\"Cakes\"}"), 422, "invalid_field");
        refused(server.sellerPost("/sell/api/seller/categories", "{\"categoryName\":\"Cakes\",\"categoryType\":-1}"),
                422, "invalid_field");
        refused(server.sellerPost("/sell/api/seller/categories", "{\"categoryName\":\"Cakes\",\"categoryType\":\"8\"}"),
                422, "invalid_field");
        assertEquals(1, server.headSeq(), "refused changes append nothing");

        TestServer.Reply renamed = server.sellerPut("/sell/api/seller/categories/7", "{\"categoryName\":\"Soups & stews\"}");
        assertEquals(200, renamed.status(), renamed.toString());
        JsonNode rename = socket.nextEvent();
        assertEquals("category.updated", rename.get("type").asText());
        assertEquals(2, rename.get("seq").asLong());
        assertEquals("Soups & stews", rename.get("category").get("categoryName").asText());
        refused(server.sellerPut("/sell/api/seller/categories/8", "{\"categoryName\":\"Cakes\"}"), 404, "not_found");
        refused(server.sellerPut("/sell/api/seller/categories/seven", "{\"categoryName\":\"Cakes\"}"), 422, "invalid_field");
        assertEquals(2, server.headSeq());
        names.clear();
        for (JsonNode c : server.sellerGet("/sell/api/seller/categories").json().get("categories")) {
            names.add(c.get("categoryType").asInt() + " " + c.get("categoryName").asText());
        }
        assertEquals(List.of("1 Hot dishes", "2 Noodles & dumplings", "3 Drinks", "7 Soups & stews"), names);
    }

    @Test
    void aProductMovesBetweenCategoriesAndEveryChangeReachesEveryTab() {
        try (Socket second = Socket.connect(server, "")) {
            second.next();
            server.sellerPost("/sell/api/seller/categories", "{\"categoryName\":\"Soups\",\"categoryType\":7}");
            TestServer.Reply created = server.sellerPost("/sell/api/seller/products",
                    "{\"productName\":\"Egg drop soup\",\"productPrice\":4.5,\"productStock\":30,\"categoryType\":7}");
            assertEquals(201, created.status(), created.toString());
            String id = created.json().get("productId").asText();
            TestServer.Reply moved = server.sellerPut("/sell/api/seller/products/" + id, "{\"categoryType\":1,\"productPrice\":5}");
            assertEquals(200, moved.status(), moved.toString());
            for (Socket tab : List.of(socket, second)) {
                assertEquals("category.updated", tab.nextEvent().get("type").asText());
                JsonNode added = tab.nextEvent();
                assertEquals("product.updated", added.get("type").asText());
                assertEquals(2, added.get("seq").asLong());
                assertEquals(id, added.get("product").get("productId").asText());
                assertEquals(7, added.get("product").get("categoryType").asInt());
                assertEquals(30, added.get("product").get("productStock").asInt());
                JsonNode change = tab.nextEvent();
                assertEquals(3, change.get("seq").asLong());
                assertEquals(1, change.get("product").get("categoryType").asInt());
                assertEquals("5", change.get("product").get("productPrice").asText());
                assertEquals("ON_SALE", change.get("product").get("productStatus").asText());
            }
            assertEquals(1, menuCategoryOf(id));

            refused(server.sellerPut("/sell/api/seller/products/" + id, "{\"categoryType\":99}"), 422, "invalid_field");
            assertEquals(1, sellerProduct(id).get("categoryType").asInt());
            assertEquals(3, server.headSeq(), "a refused change appends nothing");
        }
    }

    @Test
    void anOrderForAnOffSaleProductIsRefusedWithNothingChanged() {
        assertEquals(200, server.sellerPut("/sell/api/seller/products/milk-tea", "{\"productStatus\":\"OFF_SALE\"}").status());
        JsonNode off = socket.nextEvent();
        assertEquals("product.updated", off.get("type").asText());
        assertEquals("OFF_SALE", off.get("product").get("productStatus").asText());
        int stock = sellerProduct("milk-tea").get("productStock").asInt();

        TestServer.Reply refusedOrder = server.post("/sell/api/orders", TestServer.orderJson("late-buyer", "milk-tea", 1));
        refused(refusedOrder, 409, "off_sale");
        assertEquals("items[0].productId", refusedOrder.json().get("error").get("field").asText());
        // the tutorial's API: product does not exist (10), in an HTTP 200
        TestServer.Reply compat = server.call(new Request.Builder().url(server.url("/sell/buyer/order/create"))
                .post(new FormBody.Builder().add("name", "Li").add("phone", "13800138000").add("address", "Rd 1")
                        .add("openid", "late-buyer").add("items", "[{\"productId\":\"milk-tea\",\"productQuantity\":1}]").build())
                .build());
        assertEquals(200, compat.status(), compat.toString());
        assertEquals(10, compat.json().get("code").asInt());
        assertEquals(stock, sellerProduct("milk-tea").get("productStock").asInt());
        assertEquals(0, server.orderCount());
        assertEquals(1, server.headSeq());

        assertEquals(200, server.sellerPut("/sell/api/seller/products/milk-tea", "{\"productStatus\":\"ON_SALE\"}").status());
        assertEquals(201, server.post("/sell/api/orders", TestServer.orderJson("late-buyer", "milk-tea", 1)).status());
    }

    @Test
    void anotherShopsSellerCannotTouchThisShopsMenu() {
        var other = server.app().addShop("Other kitchen");
        String token = other.token();
        TestServer.Reply put = server.call(new Request.Builder().url(server.url("/sell/api/seller/products/milk-tea"))
                .header("Authorization", "Bearer " + token)
                .put(RequestBody.create("{\"productStock\":0}", TestServer.JSON)).build());
        refused(put, 404, "not_found");
        // a new shop has a category 1 of its own, and no category 2: this shop's are out of its reach
        TestServer.Reply rename = server.call(new Request.Builder().url(server.url("/sell/api/seller/categories/2"))
                .header("Authorization", "Bearer " + token)
                .put(RequestBody.create("{\"categoryName\":\"Mine now\"}", TestServer.JSON)).build());
        refused(rename, 404, "not_found");
        TestServer.Reply theirs = server.call(new Request.Builder().url(server.url("/sell/api/seller/products"))
                .header("Authorization", "Bearer " + token).build());
        assertEquals(200, theirs.status());
        assertEquals(0, theirs.json().get("products").size());
        assertEquals("Noodles & dumplings", server.sellerGet("/sell/api/seller/categories").json().get("categories").get(1)
                .get("categoryName").asText());
        assertEquals(0, server.headSeq());
    }
}
