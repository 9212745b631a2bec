package sell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/** The seller's day in the console, in real headless Chromium: the Menu and Reports views, the voice, the ticket. */
class SellerDayBrowserTest extends BrowserTest {
    private static final double MM = 72 / 25.4; // PDF points per millimetre

    private void openView(String name) {
        browser.findElement(By.cssSelector("a[data-view='" + name + "']")).click();
        chromium.waitFor(d -> d.findElement(By.id(name + "-view")).isDisplayed());
    }

    private WebElement productRow(String productId) {
        return chromium.waitFor(d -> d.findElement(By.cssSelector("#menu-view li.product[data-product-id='" + productId + "']")));
    }

    private WebElement field(WebElement row, String name) {
        return row.findElement(By.cssSelector("[name='" + name + "']"));
    }

    private static void retype(WebElement input, String text) {
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), text, Keys.ENTER);
    }

    private String errorOf(WebElement input) {
        return browser.findElement(By.id(input.getAttribute("id") + "-error")).getText();
    }

    /** The product as the buyers' menu shows it, with its category's name; null when it isn't on it. */
    private JsonNode onBuyersMenu(String productId) {
        for (JsonNode category : server.get("/sell/api/products").json().get("categories")) {
            for (JsonNode product : category.get("products")) {
                if (product.get("productId").asText().equals(productId)) {
                    return ((com.fasterxml.jackson.databind.node.ObjectNode) product.deepCopy())
                            .put("categoryName", category.get("categoryName").asText());
                }
            }
        }
        return null;
    }

    /** How many requests the page has made to path (the browser's own record of them). */
    private long fetchesTo(String path) {
        return (Long) chromium.js("return performance.getEntriesByType('resource')"
                + ".filter(e => e.initiatorType === 'fetch' && new URL(e.name).pathname === arguments[0]).length", path);
    }

    private static boolean costs(JsonNode product, String price) {
        return product != null && product.get("productPrice").decimalValue().compareTo(new BigDecimal(price)) == 0;
    }

    private String idOfProductNamed(String name) {
        for (JsonNode product : server.sellerGet("/sell/api/seller/products").json().get("products")) {
            if (product.get("productName").asText().equals(name)) return product.get("productId").asText();
        }
        return null;
    }

    /** docs/name: the view from its title down, in a taller window. */
    private void screenshotFrom(String titleId, String name) throws Exception {
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1180));
        chromium.js("document.getElementById(arguments[0]).scrollIntoView({block: 'start'}); window.scrollBy(0, -12);", titleId);
        // the pointer off the chart and the fields, so that nothing shows hovered
        new org.openqa.selenium.interactions.Actions(browser).moveToElement(browser.findElement(By.id(titleId))).perform();
        chromium.screenshot(Path.of("docs", name));
        assertTrue(Files.size(Path.of("docs", name)) > 10_000);
    }

    @Test
    void menuEditsReachTheBuyersMenuAndEveryRefusalIsShownNextToItsField() throws Exception {
        chromium.signIn(server);
        chromium.js("performance.setResourceTimingBufferSize(100000)");
        openView("menu");
        WebElement tea = productRow("milk-tea");
        WebElement price = field(tea, "productPrice");
        assertEquals("6.50", price.getAttribute("value"));

        retype(price, "7.5");
        chromium.waitFor(d -> costs(onBuyersMenu("milk-tea"), "7.50"));
        chromium.waitFor(d -> "7.50".equals(price.getAttribute("value")));

        // the console's own check refuses what the server would, and sends nothing
        long seq = server.headSeq();
        long puts = fetchesTo("/sell/api/seller/products/milk-tea");
        retype(price, "7.555");
        chromium.waitFor(d -> "Price must have at most two decimals".equals(errorOf(price)));
        assertEquals("true", price.getAttribute("aria-invalid"));
        WebElement stock = field(tea, "productStock");
        retype(stock, "12 cups");
        chromium.waitFor(d -> "Stock must be a whole number".equals(errorOf(stock)));
        assertEquals(seq, server.headSeq(), "no change was made");
        assertEquals(puts, fetchesTo("/sell/api/seller/products/milk-tea"), "no request was sent");
        assertTrue(costs(onBuyersMenu("milk-tea"), "7.50"));
        price.sendKeys(Keys.ESCAPE);
        assertEquals("7.50", price.getAttribute("value"));
        assertEquals("", errorOf(price));

        // one tap: sold out; then stock typed in
        tea.findElement(By.cssSelector("[data-act='sold-out']")).click();
        chromium.waitFor(d -> server.stockOf("milk-tea") == 0);
        chromium.waitFor(d -> "0".equals(stock.getAttribute("value")));
        assertEquals("true", tea.getAttribute("data-sold-out"));
        retype(stock, "40");
        chromium.waitFor(d -> server.stockOf("milk-tea") == 40);

        // off sale: gone from the buyers' menu at once, and an order for it is refused
        WebElement sale = tea.findElement(By.cssSelector("[data-act='sale']"));
        assertEquals("true", sale.getAttribute("aria-pressed"));
        sale.click();
        chromium.waitFor(d -> onBuyersMenu("milk-tea") == null);
        chromium.waitFor(d -> "false".equals(sale.getAttribute("aria-pressed")));
        assertEquals("Off sale", sale.getText());
        assertEquals(409, server.post("/sell/api/orders", TestServer.orderJson("m-1", "milk-tea", 1)).status());
        sale.click();
        chromium.waitFor(d -> onBuyersMenu("milk-tea") != null);

        // a product moves to another category
        new Select(field(productRow("lemon-tea"), "categoryType")).selectByVisibleText("Hot dishes");
        chromium.waitFor(d -> onBuyersMenu("lemon-tea") != null
                && "Hot dishes".equals(onBuyersMenu("lemon-tea").get("categoryName").asText()));
        chromium.waitFor(d -> d.findElements(By.cssSelector(
                "section.category[data-category-type='1'] li.product[data-product-id='lemon-tea']")).size() == 1);

        // a new category takes the next free number; a taken one is refused by the server, next to the field
        WebElement categoryName = browser.findElement(By.id("new-category-name"));
        WebElement categoryNumber = browser.findElement(By.id("new-category-type"));
        assertEquals("4", categoryNumber.getAttribute("value"));
        categoryName.sendKeys("Desserts", Keys.ENTER);
        chromium.waitFor(d -> d.findElement(By.cssSelector("section.category[data-category-type='4'] .category-name"))
                .getText().equals("Desserts"));
        assertEquals(4, server.sellerGet("/sell/api/seller/categories").json().get("categories").size());
        chromium.waitFor(d -> "5".equals(categoryNumber.getAttribute("value")));
        categoryName.sendKeys("Soups");
        retype(categoryNumber, "2");
        chromium.waitFor(d -> "Number 2 is taken by another category".equals(errorOf(categoryNumber)));
        assertEquals(4, server.sellerGet("/sell/api/seller/categories").json().get("categories").size());

        // a new product, checked first: a blank name is the console's own refusal
        browser.findElement(By.id("new-product-price")).sendKeys("12");
        browser.findElement(By.id("new-product-stock")).sendKeys("30");
        new Select(browser.findElement(By.id("new-product-category"))).selectByVisibleText("Desserts");
        browser.findElement(By.cssSelector("#add-product button[type='submit']")).click();
        WebElement productName = browser.findElement(By.id("new-product-name"));
        chromium.waitFor(d -> "Name must not be blank".equals(errorOf(productName)));
        productName.sendKeys("Mango pudding", Keys.ENTER);
        chromium.waitFor(d -> idOfProductNamed("Mango pudding") != null);
        JsonNode pudding = onBuyersMenu(idOfProductNamed("Mango pudding"));
        assertTrue(costs(pudding, "12.00"), String.valueOf(pudding));
        assertEquals(30, pudding.get("productStock").asInt());
        assertEquals("Desserts", pudding.get("categoryName").asText());
        chromium.waitFor(d -> d.findElements(By.cssSelector("section.category[data-category-type='4'] li.product")).size() == 1);

        // a category renamed in place
        WebElement drinks = browser.findElement(By.cssSelector("section.category[data-category-type='3']"));
        drinks.findElement(By.cssSelector("[data-act='rename']")).click();
        retype(drinks.findElement(By.cssSelector("[name='categoryName']")), "Tea & coffee");
        chromium.waitFor(d -> "Tea & coffee".equals(onBuyersMenu("milk-tea").get("categoryName").asText()));

        // a change made elsewhere (another tab, the API) shows in place; stock sold shows after the order
        assertEquals(200, server.sellerPut("/sell/api/seller/products/beef-noodle-soup", "{\"productPrice\":14}").status());
        chromium.waitFor(d -> "14.00".equals(field(productRow("beef-noodle-soup"), "productPrice").getAttribute("value")));
        server.placeOrder("m-2", "beef-noodle-soup", 3);
        chromium.waitFor(d -> "97".equals(field(productRow("beef-noodle-soup"), "productStock").getAttribute("value")));

        browser.findElement(By.id("order-modal")).findElement(By.id("ack")).click();
        new Select(field(productRow("lemon-tea"), "categoryType")).selectByVisibleText("Tea & coffee");
        chromium.waitFor(d -> "Tea & coffee".equals(onBuyersMenu("lemon-tea").get("categoryName").asText()));
        productRow("mapo-tofu").findElement(By.cssSelector("[data-act='sold-out']")).click();
        chromium.waitFor(d -> server.stockOf("mapo-tofu") == 0);
        screenshotFrom("menu-title", "menu.png");
    }
    private static final String[] SOLD = {"kung-pao-chicken", "braised-pork-rice", "pork-dumplings", "milk-tea", "lemon-tea"};
    private static final Map<String, String> PRICES = Map.of("kung-pao-chicken", "14.50", "braised-pork-rice", "12.90",
            "pork-dumplings", "10.80", "milk-tea", "6.50", "lemon-tea", "5.00");

    /** Orders on day i before today: i % 4 of them, each of one product, 1 + i % 3 of it. */
    private static BigDecimal seededRevenue(int daysAgo) {
        BigDecimal perOrder = new BigDecimal(PRICES.get(SOLD[daysAgo % 5])).multiply(BigDecimal.valueOf(1 + daysAgo % 3));
        return perOrder.multiply(BigDecimal.valueOf(daysAgo % 4));
    }

    private List<WebElement> chartDays() {
        return browser.findElements(By.cssSelector("#report-chart g.day"));
    }

    private String reportStat(String name) {
        return browser.findElement(By.cssSelector("[data-report-stat='" + name + "']")).getText();
    }

    @Test
    void theReportsViewChartsTheDaysListsTopProductsAndExportsTheSameRange() throws Exception {
        ZoneId zone = ZoneId.systemDefault(); // the default shop's, as no zone was set
        LocalDate today = LocalDate.now(zone);
        // a month of orders, placed on their days at noon
        int seededOrders = 0;
        for (int daysAgo = 29; daysAgo >= 1; daysAgo--) {
            server.clock.setTo(today.minusDays(daysAgo).atTime(12, 0).atZone(zone).toInstant());
            for (int n = 0; n < daysAgo % 4; n++) {
                server.placeOrder("r-" + daysAgo + "-" + n, SOLD[daysAgo % 5], 1 + daysAgo % 3);
                seededOrders++;
            }
        }
        server.clock.set(Duration.ZERO);
        server.placeOrder("r-today-1", "beef-noodle-soup", 2);  // 26.00
        String cancelled = server.placeOrder("r-today-2", "beef-noodle-soup", 1).get("orderId").asText();
        assertEquals(200, server.sellerPost("/sell/api/seller/orders/" + cancelled + "/cancel", "").status());

        chromium.signIn(server);
        openView("reports");
        chromium.waitFor(d -> chartDays().size() == 30);
        chromium.waitFor(d -> today.toString().equals(chartDays().get(29).getAttribute("data-date")));
        BigDecimal total = new BigDecimal("26.00");
        for (int k = 0; k < 30; k++) {
            int daysAgo = 29 - k;
            WebElement day = chartDays().get(k);
            assertEquals(today.minusDays(daysAgo).toString(), day.getAttribute("data-date"));
            int orders = daysAgo == 0 ? 1 : daysAgo % 4;
            BigDecimal revenue = daysAgo == 0 ? new BigDecimal("26.00") : seededRevenue(daysAgo);
            if (daysAgo > 0) total = total.add(revenue);
            assertEquals(orders, Integer.parseInt(day.getAttribute("data-orders")), day.getAttribute("data-date"));
            assertEquals(0, revenue.compareTo(new BigDecimal(day.getAttribute("data-revenue"))), day.getAttribute("data-date"));
            // a day without sales draws no bar
            double height = Double.parseDouble(day.findElement(By.cssSelector("rect.bar.revenue")).getAttribute("height"));
            assertEquals(revenue.signum() == 0, height == 0.0, day.getAttribute("data-date") + " " + height);
        }
        assertEquals(String.valueOf(seededOrders + 1), reportStat("orders"));
        assertEquals(total.setScale(2).toPlainString(), reportStat("revenue"));
        assertEquals("1", reportStat("cancelled"));
        // the top product: most sold over the month, counted here from what was ordered
        Map<String, Integer> quantities = new java.util.HashMap<>();
        for (int daysAgo = 1; daysAgo <= 29; daysAgo++) {
            quantities.merge(SOLD[daysAgo % 5], (daysAgo % 4) * (1 + daysAgo % 3), Integer::sum);
        }
        quantities.merge("beef-noodle-soup", 2, Integer::sum);
        String top = quantities.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        List<WebElement> topRows = browser.findElements(By.cssSelector("#top-products tbody tr"));
        assertEquals(6, topRows.size());
        String topName = server.get("/sell/api/products").json().findValues("products").stream()
                .flatMap(ps -> java.util.stream.StreamSupport.stream(ps.spliterator(), false))
                .filter(p -> p.get("productId").asText().equals(top)).findFirst().orElseThrow()
                .get("productName").asText();
        assertTrue(topRows.get(0).getText().startsWith("1 " + topName + " " + quantities.get(top)), topRows.get(0).getText());

        // live: an order now grows today's bar
        server.placeOrder("r-today-3", "milk-tea", 1);
        chromium.waitFor(d -> "2".equals(chartDays().get(29).getAttribute("data-orders")));
        chromium.waitFor(d -> "32.50".equals(new BigDecimal(chartDays().get(29).getAttribute("data-revenue")).setScale(2).toPlainString()));
        browser.findElement(By.id("ack")).click();
        screenshotFrom("reports-title", "report.png");

        // the last 7 days, and their export: every order of those days, the cancelled one too
        browser.findElement(By.cssSelector("[data-last-days='7']")).click();
        chromium.waitFor(d -> chartDays().size() == 7);
        assertEquals(today.minusDays(6).toString(), browser.findElement(By.id("report-from")).getAttribute("value"));
        String href = browser.findElement(By.id("export-csv")).getAttribute("href");
        assertTrue(href.endsWith("/sell/api/seller/orders.csv?from=" + today.minusDays(6) + "&to=" + today), href);
        String csv = (String) chromium.driver.executeAsyncScript(
                "const done = arguments[arguments.length - 1]; fetch(arguments[0]).then(r => r.text()).then(done);", href);
        List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new java.io.StringReader(csv)).getRecords();
        int weekOrders = 3; // today's, the cancelled one among them
        for (int daysAgo = 1; daysAgo <= 6; daysAgo++) weekOrders += daysAgo % 4;
        assertEquals(weekOrders, records.size(), csv);
        assertEquals(1, records.stream().filter(r -> r.get("orderStatus").equals("CANCELLED")).count());

        // a range the server would refuse is refused here, next to its field, and the chart stays
        chromium.js("document.getElementById('report-from').value = arguments[0];"
                + "document.getElementById('report-to').value = arguments[1];", today.toString(), today.minusDays(3).toString());
        browser.findElement(By.cssSelector("#report-range button[type='submit']")).click();
        chromium.waitFor(d -> "To must not be before From".equals(d.findElement(By.id("report-to-error")).getText()));
        assertEquals(7, chartDays().size());
        chromium.js("document.getElementById('report-from').value = arguments[0];"
                + "document.getElementById('report-to').value = arguments[1];", today.minusDays(366).toString(), today.toString());
        browser.findElement(By.cssSelector("#report-range button[type='submit']")).click();
        chromium.waitFor(d -> "A report covers at most 366 days".equals(d.findElement(By.id("report-to-error")).getText()));
        // any range: three days a while ago
        chromium.js("document.getElementById('report-from').value = arguments[0];"
                + "document.getElementById('report-to').value = arguments[1];",
                today.minusDays(12).toString(), today.minusDays(10).toString());
        browser.findElement(By.cssSelector("#report-range button[type='submit']")).click();
        chromium.waitFor(d -> chartDays().size() == 3);
        assertEquals("", browser.findElement(By.id("report-to-error")).getText());
        int threeDays = 12 % 4 + 11 % 4 + 10 % 4;
        assertEquals(String.valueOf(threeDays), reportStat("orders"));
    }

    @Test
    void aNewOrderIsSpokenAfterTheChimeAndTheVoiceCanBeTurnedOffForGood() {
        chromium.signIn(server);
        String listen = "window.heard = [];"
                + "const play = HTMLMediaElement.prototype.play;"
                + "HTMLMediaElement.prototype.play = function () { window.heard.push('chime'); return play.call(this); };"
                + "speechSynthesis.speak = (u) => window.heard.push(u.lang + ': ' + u.text);";
        chromium.js(listen);
        String orderId = server.placeOrder("v-1", "beef-noodle-soup", 2).get("orderId").asText();
        chromium.waitFor(d -> heard().size() == 2);
        assertEquals(List.of("chime", "en: New order, 26 yuan"), heard());
        browser.findElement(By.id("ack")).click();

        assertEquals(202, server.post("/sell/api/orders/" + orderId + "/remind?openid=v-1", "").status());
        chromium.waitFor(d -> heard().size() == 4);
        assertEquals("en: Order " + orderId.substring(9, 13) + " is waiting", heard().get(3));
        browser.findElement(By.id("ack")).click();

        // off, and still off after a reload: the choice is kept in this browser
        WebElement voice = browser.findElement(By.id("speech"));
        assertEquals("true", voice.getAttribute("aria-pressed"));
        voice.click();
        assertEquals("false", voice.getAttribute("aria-pressed"));
        assertEquals("Voice off", voice.getText());
        browser.navigate().refresh();
        chromium.awaitLive();
        assertEquals("false", browser.findElement(By.id("speech")).getAttribute("aria-pressed"));
        chromium.js(listen);
        String silent = server.placeOrder("v-2", "kung-pao-chicken", 1).get("orderId").asText();
        chromium.waitFor(d -> d.findElements(By.cssSelector("#new-orders li[data-order-id='" + silent + "']")).size() == 1);
        chromium.waitFor(d -> heard().contains("chime"));
        // on again at once, the alert still up (a script's click: the open modal keeps the pointer's off the
        // toolbar): the next order is spoken, the one that came while it was off never is
        chromium.js("document.getElementById('speech').click()");
        server.placeOrder("v-3", "milk-tea", 1);
        chromium.waitFor(d -> heard().contains("en: New order, 6.50 yuan"));
        assertFalse(heard().stream().anyMatch(h -> h.contains("14.50") || h.contains("orders")), String.valueOf(heard()));
    }

    @Test
    void everyViewFitsATabletAndItsControlsAreReachedWithTheKeyboard() {
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(768, 1024));
        chromium.signIn(server);
        server.placeOrder("tablet-1", "beef-noodle-soup", 1);
        chromium.waitFor(d -> d.findElements(By.cssSelector("#orders li.order")).size() == 1);
        browser.findElement(By.id("ack")).click();
        for (String view : List.of("orders", "menu", "reports")) {
            openView(view);
            if (view.equals("menu")) productRow("milk-tea");
            if (view.equals("reports")) chromium.waitFor(d -> chartDays().size() == 30);
            long overflow = (Long) chromium.js("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertEquals(0, overflow, view + " scrolls sideways at 768 px");
        }
        // Tab from the view links reaches the Menu's fields, and Enter saves one
        openView("menu");
        browser.findElement(By.cssSelector("a[data-view='menu']")).sendKeys(Keys.TAB);
        List<String> focused = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            WebElement active = browser.switchTo().activeElement();
            focused.add(active.getTagName() + ":" + active.getAttribute("name"));
            if ("productPrice".equals(active.getAttribute("name"))) {
                active.sendKeys(Keys.chord(Keys.CONTROL, "a"), "13.20", Keys.ENTER);
                break;
            }
            active.sendKeys(Keys.TAB);
        }
        assertTrue(focused.contains("input:productPrice"), String.valueOf(focused));
        chromium.waitFor(d -> costs(onBuyersMenu("braised-pork-rice"), "13.20"));
    }

    @SuppressWarnings("unchecked")
    private List<String> heard() {
        return (List<String>) chromium.js("return window.heard.slice()");
    }

    /** Chromium's own print of the page to PDF, with the page size the print stylesheet asks for. */
    private PDDocument printToPdf() throws Exception {
        Map<String, Object> pdf = chromium.driver.executeCdpCommand("Page.printToPDF",
                Map.of("preferCSSPageSize", true, "printBackground", true));
        return Loader.loadPDF(Base64.getDecoder().decode((String) pdf.get("data")));
    }

    @Test
    void theKitchenTicketPrintsAloneSizedForA58Or80MillimetreReceiptPrinter() throws Exception {
        chromium.signIn(server);
        TestServer.Reply placed = server.post("/sell/api/orders", "{\"buyerName\":\"Wang Fang\",\"buyerPhone\":\"13912345678\","
                + "\"buyerAddress\":\"Room 402, 18 Garden Road\",\"buyerOpenid\":\"t-1\",\"items\":["
                + "{\"productId\":\"beef-noodle-soup\",\"productQuantity\":2},"
                + "{\"productId\":\"pork-dumplings\",\"productQuantity\":1},"
                + "{\"productId\":\"milk-tea\",\"productQuantity\":3}]}");
        assertEquals(201, placed.status(), placed.toString());
        String orderId = placed.json().get("orderId").asText();
        chromium.waitFor(d -> d.findElements(By.cssSelector("#new-orders li[data-order-id='" + orderId + "']")).size() == 1);
        browser.findElement(By.id("ack")).click();
        chromium.js("window.printed = 0; window.print = () => { window.printed++; };");
        browser.findElement(By.cssSelector("#orders li.order[data-order-id='" + orderId + "']")).click();
        chromium.waitFor(d -> d.findElement(By.id("print")).isDisplayed());
        browser.findElement(By.id("print")).click();
        chromium.waitFor(d -> ((Number) chromium.js("return window.printed")).intValue() == 1);

        try (PDDocument ticket = printToPdf()) {
            assertEquals(1, ticket.getNumberOfPages(), "one ticket, one page");
            PDRectangle page = ticket.getPage(0).getMediaBox();
            assertEquals(80, page.getWidth() / MM, 0.5, "80 mm wide");
            // as printed: a long name may wrap
            String text = new PDFTextStripper().getText(ticket).replaceAll("\\s+", " ");
            for (String expected : List.of("My shop", "#" + orderId.substring(9, 13), orderId, "2×", "Beef noodle soup",
                    "1×", "Pork dumplings (12)", "3×", "Milk tea", "56.30", "NOT PAID", "Wang Fang", "13912345678",
                    "Room 402, 18 Garden Road")) {
                assertTrue(text.contains(expected), expected + " is not on the ticket:\n" + text);
            }
            assertFalse(text.contains("null"), text);
            for (String pageOnly : List.of("Sign out", "Finish", "Mark paid", "Reports", "Today", "Live")) {
                assertFalse(text.contains(pageOnly), pageOnly + " is on the ticket:\n" + text);
            }
            BufferedImage image = new PDFRenderer(ticket).renderImageWithDPI(0, 203); // a thermal printer's resolution
            ImageIO.write(image, "png", Path.of("docs", "ticket.png").toFile());
            assertEquals(Math.round(80 / 25.4 * 203), image.getWidth(), 2);
        }

        // 58 mm, kept for the next time; paid now
        new Select(browser.findElement(By.id("ticket-width"))).selectByValue("58");
        browser.findElement(By.cssSelector("#order-modal [data-action='pay']")).click();
        chromium.waitFor(d -> d.findElement(By.id("detail-message")).getText().equals("Marked as paid."));
        browser.findElement(By.id("print")).click();
        chromium.waitFor(d -> ((Number) chromium.js("return window.printed")).intValue() == 2);
        try (PDDocument ticket = printToPdf()) {
            assertEquals(58, ticket.getPage(0).getMediaBox().getWidth() / MM, 0.5, "58 mm wide");
            // as printed: a long name may wrap
            String text = new PDFTextStripper().getText(ticket).replaceAll("\\s+", " ");
            assertTrue(text.contains("PAID") && !text.contains("NOT PAID"), text);
            assertTrue(text.contains("Pork dumplings (12)"), text);
        }
        assertEquals("58", chromium.js("return localStorage.getItem('sell.ticketWidth')"));
    }
}
