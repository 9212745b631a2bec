package sell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringReader;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Request;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The seller's report and CSV export, against orders created in the test, on both stores. */
@ParameterizedClass
@EnumSource(Store.class)
class ReportTest extends ServerTest {
    ReportTest(Store store) {
        super(store);
    }

    private static final ZoneId EAST = ZoneId.of("Pacific/Kiritimati"); // UTC+14
    private static final ZoneId WEST = ZoneId.of("Pacific/Pago_Pago"); // UTC-11

    private TestServer.Reply as(String token, String path) {
        return server.call(new Request.Builder().url(server.url(path)).header("Authorization", "Bearer " + token).build());
    }

    private String place(String productId, String openid, int quantity) {
        TestServer.Reply reply = server.call(new Request.Builder().url(server.url("/sell/api/orders"))
                .post(okhttp3.RequestBody.create(TestServer.orderJson(openid, productId, quantity), TestServer.JSON)).build());
        assertEquals(201, reply.status(), reply.toString());
        return reply.json().get("orderId").asText();
    }

    private String product(String token, String name, String price) {
        TestServer.Reply created = server.call(new Request.Builder().url(server.url("/sell/api/seller/products"))
                .header("Authorization", "Bearer " + token)
                .post(okhttp3.RequestBody.create("{\"productName\":\"" + name + "\",\"productPrice\":" + price
                        + ",\"productStock\":1000}", TestServer.JSON)).build());
        assertEquals(201, created.status(), created.toString());
        return created.json().get("productId").asText();
    }

    @Test
    void theSameOrdersFallOnTheDayOfEachShopsTimeZoneWithEmptyDaysCancelledOnesAndTopProducts() {
        // two shops 25 hours apart: the same instant is on different dates in each
        var east = server.app().addShop("East kitchen", EAST);
        var west = server.app().addShop("West kitchen", WEST);
        // noon UTC: June 16th in the east, June 15th in the west, and no midnight near in either
        server.clock.setTo(Instant.parse("2026-06-15T12:00:00Z"));
        for (var shop : List.of(east, west)) {
            String dumplings = product(shop.token(), "Dumplings", "12.5");
            String tea = product(shop.token(), "Tea", "3");
            place(dumplings, "r-1", 2);  // 25.00
            place(tea, "r-2", 5);        // 15.00
            place(dumplings, "r-3", 1);  // 12.50
            String cancelled = place(tea, "r-4", 1);
            TestServer.Reply cancel = server.call(new Request.Builder()
                    .url(server.url("/sell/api/seller/orders/" + cancelled + "/cancel"))
                    .header("Authorization", "Bearer " + shop.token())
                    .post(okhttp3.RequestBody.create(new byte[0], null)).build());
            assertEquals(200, cancel.status(), cancel.toString());
        }

        for (var shop : List.of(east, west)) {
            ZoneId zone = shop == east ? EAST : WEST;
            LocalDate today = LocalDate.parse(shop == east ? "2026-06-16" : "2026-06-15");
            LocalDate from = today.minusDays(2);
            TestServer.Reply reply = as(shop.token(), "/sell/api/seller/report?from=" + from + "&to=" + today.plusDays(1));
            assertEquals(200, reply.status(), reply.toString());
            JsonNode report = reply.json();
            assertEquals(zone.getId(), report.get("timeZone").asText());
            assertEquals(from.toString(), report.get("from").asText());
            JsonNode days = report.get("days");
            assertEquals(4, days.size(), "every day of the range, empty ones too");
            for (int i = 0; i < 4; i++) {
                JsonNode day = days.get(i);
                assertEquals(from.plusDays(i).toString(), day.get("date").asText());
                boolean isToday = from.plusDays(i).equals(today);
                assertEquals(isToday ? 3 : 0, day.get("orders").asLong(), day.toString());
                assertEquals(isToday ? "52.5" : "0", day.get("revenue").decimalValue().stripTrailingZeros().toPlainString(),
                        day.toString());
                assertEquals(isToday ? 1 : 0, day.get("cancelled").asLong());
            }
            JsonNode totals = report.get("totals");
            assertEquals(3, totals.get("orders").asLong());
            assertEquals("52.5", totals.get("revenue").decimalValue().toPlainString());
            assertEquals(1, totals.get("cancelled").asLong());
            assertEquals("17.5", totals.get("averageOrder").decimalValue().toPlainString());
            JsonNode top = report.get("topProducts");
            assertEquals(2, top.size(), "the cancelled order's tea is not counted: " + top);
            assertEquals("Tea", top.get(0).get("productName").asText());
            assertEquals(5, top.get(0).get("quantity").asLong());
            assertEquals("15", top.get(0).get("revenue").asText());
            assertEquals("Dumplings", top.get(1).get("productName").asText());
            assertEquals(3, top.get(1).get("quantity").asLong());
            assertEquals("37.5", top.get(1).get("revenue").decimalValue().toPlainString());

            // the day before, in the shop's zone, holds none of it
            TestServer.Reply yesterday = as(shop.token(), "/sell/api/seller/report?from=" + today.minusDays(1) + "&to="
                    + today.minusDays(1));
            assertEquals(0, yesterday.json().get("totals").get("orders").asLong());
        }
        // the default shop sold nothing
        assertEquals(0, server.sellerGet("/sell/api/seller/report").json().get("totals").get("orders").asLong());
    }

    @Test
    void ordersEachSideOfTheShopsMidnightFallOnTheirOwnDaysAcrossADaylightSavingChange() {
        ZoneId newYork = ZoneId.of("America/New_York"); // clocks went forward on 2026-03-08: a 23-hour day
        var shop = server.app().addShop("Midtown", newYork);
        String soup = product(shop.token(), "Soup", "12.5");
        String tea = product(shop.token(), "Tea", "3");
        server.clock.setTo(Instant.parse("2026-03-07T23:59:59-05:00"));
        String lastOfSaturday = place(soup, "d-1", 2);                     // 25.00 on the 7th
        server.clock.setTo(Instant.parse("2026-03-08T00:00:00-05:00"));
        place(tea, "d-2", 1);                                              // 3.00 on the 8th
        server.clock.setTo(Instant.parse("2026-03-08T23:59:59-04:00"));
        place(soup, "d-3", 1);                                             // 12.50 on the 8th, after the change
        server.clock.setTo(Instant.parse("2026-03-09T00:00:00-04:00"));
        String firstOfMonday = place(tea, "d-4", 4);                       // 12.00 on the 9th, then cancelled
        TestServer.Reply cancel = server.call(new Request.Builder()
                .url(server.url("/sell/api/seller/orders/" + firstOfMonday + "/cancel"))
                .header("Authorization", "Bearer " + shop.token())
                .post(okhttp3.RequestBody.create(new byte[0], null)).build());
        assertEquals(200, cancel.status(), cancel.toString());

        TestServer.Reply reply = as(shop.token(), "/sell/api/seller/report?from=2026-03-07&to=2026-03-09");
        assertEquals(200, reply.status(), reply.toString());
        JsonNode days = reply.json().get("days");
        assertEquals("2026-03-07 1 25 0|2026-03-08 2 15.5 0|2026-03-09 0 0 1", dayLine(days.get(0)) + "|"
                + dayLine(days.get(1)) + "|" + dayLine(days.get(2)), days.toString());
        assertEquals("40.5", reply.json().get("totals").get("revenue").decimalValue().stripTrailingZeros().toPlainString());
        // 23:59:59 local on the 7th is already the 8th in UTC: the day is the shop's, not UTC's
        assertEquals(0, as(shop.token(), "/sell/api/seller/report?from=2026-03-06&to=2026-03-06").json()
                .get("totals").get("orders").asLong());

        // without dates, the report ends on the shop's today
        JsonNode latest = as(shop.token(), "/sell/api/seller/report").json();
        assertEquals("2026-03-09", latest.get("to").asText());
        assertEquals("2026-02-08", latest.get("from").asText());
        assertEquals(30, latest.get("days").size());

        // the export of the 7th holds that one order, at its local time
        TestServer.Reply csv = as(shop.token(), "/sell/api/seller/orders.csv?from=2026-03-07&to=2026-03-07");
        assertEquals(200, csv.status(), csv.toString());
        List<String> lines = csv.body().lines().toList();
        assertEquals(2, lines.size(), csv.body());
        assertTrue(lines.get(1).startsWith(lastOfSaturday + ","), lines.get(1));
    }

    private static String dayLine(JsonNode day) {
        return day.get("date").asText() + " " + day.get("orders").asLong() + " "
                + day.get("revenue").decimalValue().stripTrailingZeros().toPlainString() + " " + day.get("cancelled").asLong();
    }

    @Test
    void badRangesAreRefused() {
        String[][] cases = {
                {"from=2026-13-01&to=2026-12-31", "from"},
                {"from=yesterday&to=2026-12-31", "from"},
                {"from=2026-12-01&to=2026-02-30", "to"},
                {"from=2026-12-02&to=2026-12-01", "to"},
                {"from=2025-01-01&to=2026-01-02", "to"},
        };
        for (String[] c : cases) {
            for (String path : List.of("/sell/api/seller/report?", "/sell/api/seller/orders.csv?")) {
                TestServer.Reply reply = server.sellerGet(path + c[0]);
                assertEquals(422, reply.status(), path + c[0] + ": " + reply);
                assertEquals(c[1], reply.json().get("error").get("field").asText(), path + c[0]);
            }
        }
        // 366 days, counting both ends, is the longest range
        assertEquals(200, server.sellerGet("/sell/api/seller/report?from=2024-01-01&to=2024-12-31").status());
        assertEquals(366, server.sellerGet("/sell/api/seller/report?from=2024-01-01&to=2024-12-31").json()
                .get("days").size());
        assertEquals(401, server.get("/sell/api/seller/report").status());
        assertEquals(401, server.get("/sell/api/seller/orders.csv").status());
    }

    @Test
    void theExportIsRfc4180CsvThatAParserReadsBackWithFormulasNeutralised() throws Exception {
        String tricky = server.placeOrder("csv-1", "beef-noodle-soup", 2).get("orderId").asText();
        TestServer.Reply hostile = server.post("/sell/api/orders", "{\"buyerName\":\"=HYPERLINK(\\\"http://x\\\",\\\"a, b\\\")\","
                + "\"buyerPhone\":\"13800138000\",\"buyerAddress\":\"Gate 2, \\\"the red door\\\"\","
                + "\"buyerOpenid\":\"csv-2\",\"items\":[{\"productId\":\"milk-tea\",\"productQuantity\":3},"
                + "{\"productId\":\"mapo-tofu\",\"productQuantity\":1}]}");
        assertEquals(201, hostile.status(), hostile.toString());
        String hostileId = hostile.json().get("orderId").asText();
        server.sellerPost("/sell/api/seller/orders/" + tricky + "/pay", "");

        TestServer.Reply csv = server.sellerGet("/sell/api/seller/orders.csv");
        assertEquals(200, csv.status(), csv.toString());
        assertTrue(csv.headers().get("Content-Type").startsWith("text/csv"), csv.headers().get("Content-Type"));
        assertTrue(csv.headers().get("Content-Disposition").startsWith("attachment"));
        assertTrue(csv.body().contains("\r\n"), "CRLF line ends");
        List<CSVRecord> rows = CSVFormat.RFC4180.builder().get().parse(new StringReader(csv.body())).getRecords();
        assertEquals(3, rows.size(), "the header and two orders");
        assertEquals(List.of("orderId", "createTime", "buyerName", "buyerPhone", "buyerAddress", "items", "orderAmount",
                "orderStatus", "payStatus"), rows.get(0).toList());
        CSVRecord first = rows.get(1);
        assertEquals(tricky, first.get(0));
        assertEquals("Buyer csv-1", first.get(2));
        assertEquals("2 × Beef noodle soup", first.get(5));
        assertEquals("26.00", first.get(6));
        assertEquals("NEW", first.get(7));
        assertEquals("SUCCESS", first.get(8));
        assertTrue(java.time.OffsetDateTime.parse(first.get(1)).toInstant().toEpochMilli() > 0, first.get(1));
        CSVRecord second = rows.get(2);
        assertEquals(hostileId, second.get(0));
        assertEquals("'=HYPERLINK(\"http://x\",\"a, b\")", second.get(2), "a formula is neutralised, and read back whole");
        assertEquals("Gate 2, \"the red door\"", second.get(4));
        assertEquals("3 × Milk tea; 1 × Mapo tofu", second.get(5));
        assertEquals("29.40", second.get(6));

        // a range without orders: the header only
        List<CSVRecord> none = CSVFormat.RFC4180.builder().get().parse(new StringReader(
                server.sellerGet("/sell/api/seller/orders.csv?from=2020-01-01&to=2020-01-31").body())).getRecords();
        assertEquals(1, none.size());
        List<String> ids = new ArrayList<>();
        for (CSVRecord row : rows.subList(1, rows.size())) ids.add(row.get(0));
        assertEquals(List.of(tricky, hostileId), ids, "oldest first");
    }
}
