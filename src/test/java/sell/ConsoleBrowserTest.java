package sell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The seller console in real headless Chromium against the real server. */
class ConsoleBrowserTest extends BrowserTest {
    private <T> T waitFor(Function<WebDriver, T> condition) {
        return chromium.waitFor(condition);
    }

    private void signInByForm() {
        chromium.signIn(server);
    }

    private void awaitLive() {
        chromium.awaitLive();
    }

    /** After an outage the page's backoff may wait up to 20 s before its next try. */
    private void awaitLiveAfterOutage() {
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(d -> "live".equals(d.findElement(By.id("connection")).getAttribute("data-state")));
    }

    private List<WebElement> rows() {
        return browser.findElements(By.cssSelector("#orders li.order"));
    }

    private WebElement row(String orderId) {
        return waitFor(d -> d.findElement(By.cssSelector("#orders li.order[data-order-id='" + orderId + "']")));
    }

    private String modalOrderIds() {
        return (String) ((JavascriptExecutor) browser).executeScript(
                "const m = document.getElementById('order-modal');"
                        + "if (!m.open) return '';"
                        + "return [...m.querySelectorAll('#new-orders li.new-order')].map(e => e.dataset.orderId).join(',');");
    }

    @Test
    void signInThenANewOrderAppearsInTheListAndTheModal() {
        signInByForm();
        assertEquals("", browser.findElement(By.id("token")).getAttribute("value"), "the token is not kept in the form");
        String orderId = server.placeOrder("browser-1", "beef-noodle-soup", 2).get("orderId").asText();
        WebElement row = row(orderId);
        assertTrue(row.getText().contains("Buyer browser-1"), row.getText());
        assertTrue(row.getText().contains("26.00"), row.getText());
        assertEquals("NEW", row.getAttribute("data-status"));
        assertTrue(row.getAttribute("class").contains("unseen"));
        waitFor(d -> modalOrderIds().equals(orderId));
        waitFor(d -> d.getTitle().startsWith("(1)"));

        browser.findElement(By.id("ack")).click();
        waitFor(d -> !row(orderId).getAttribute("class").contains("unseen"));
        waitFor(d -> !d.getTitle().startsWith("("));
    }

    @Test
    void aBuyersReminderAlertsAsLoudlyAsANewOrderAndMarksTheOrderUntilItIsOpened() {
        signInByForm();
        JavascriptExecutor js = (JavascriptExecutor) browser;
        // count the chimes: every play() of the page's audio
        js.executeScript("window.chimes = 0; const play = HTMLMediaElement.prototype.play;"
                + "HTMLMediaElement.prototype.play = function () { window.chimes++; return play.call(this); };");
        String orderId = server.placeOrder("browser-r", "beef-noodle-soup", 1).get("orderId").asText();
        waitFor(d -> modalOrderIds().equals(orderId));
        assertEquals("New order", browser.findElement(By.id("order-modal-title")).getText());
        waitFor(d -> ((Number) js.executeScript("return window.chimes")).intValue() == 1);
        browser.findElement(By.id("ack")).click();
        waitFor(d -> !d.getTitle().startsWith("("));
        assertFalse(row(orderId).getAttribute("class").contains("waiting"));

        // a waiting buyer rings even right after another chime
        TestServer.Reply reminded = server.post("/sell/api/orders/" + orderId + "/remind?openid=browser-r", "");
        assertEquals(202, reminded.status(), reminded.toString());
        waitFor(d -> modalOrderIds().equals(orderId));
        assertEquals("Waiting: order " + orderId, browser.findElement(By.id("order-modal-title")).getText());
        assertTrue(browser.findElement(By.cssSelector("#new-orders li.new-order")).getText().contains("Waiting"));
        waitFor(d -> d.getTitle().startsWith("(1)"));
        waitFor(d -> ((Number) js.executeScript("return window.chimes")).intValue() == 2);
        WebElement row = row(orderId);
        assertTrue(row.getAttribute("class").contains("waiting"), row.getAttribute("class"));
        assertTrue(row.getText().contains("Waiting"), row.getText());

        // acknowledged, it stays marked in the list; opened, the mark goes
        browser.findElement(By.id("ack")).click();
        waitFor(d -> !d.getTitle().startsWith("("));
        assertTrue(row(orderId).getAttribute("class").contains("waiting"));
        row(orderId).click();
        waitFor(d -> d.findElement(By.cssSelector("#order-modal .order-id")).getText().equals(orderId));
        waitFor(d -> !row(orderId).getAttribute("class").contains("waiting"));
        assertFalse(row(orderId).getText().contains("Waiting"));
    }

    private String stat(String name) {
        return browser.findElement(By.cssSelector("#today [data-stat='" + name + "']")).getText();
    }

    @Test
    void theTodayPanelCountsTodaysOrdersLiveAsTheReportDoes() {
        signInByForm();
        waitFor(d -> stat("orders").equals("0"));
        assertEquals("0.00", stat("revenue"));
        String first = server.placeOrder("today-1", "beef-noodle-soup", 2).get("orderId").asText();
        server.placeOrder("today-2", "milk-tea", 1);
        waitFor(d -> stat("orders").equals("2"));
        assertEquals("32.50", stat("revenue"));
        assertEquals("16.25", stat("average"));
        assertEquals("0", stat("cancelled"));

        // cancelled elsewhere (the API, another tab): it leaves the day's sales and counts as cancelled
        assertEquals(200, server.sellerPost("/sell/api/seller/orders/" + first + "/cancel", "").status());
        waitFor(d -> stat("cancelled").equals("1"));
        assertEquals("1", stat("orders"));
        assertEquals("6.50", stat("revenue"));
        JsonNode report = server.sellerGet("/sell/api/seller/report").json();
        JsonNode day = report.get("days").get(report.get("days").size() - 1);
        assertEquals(day.get("date").asText(), browser.findElement(By.id("today")).getAttribute("data-date"));
        assertEquals(1, day.get("orders").asInt());
    }

    @Test
    void theConsoleUrlWithTheTokenSignsInAndDropsTheToken() {
        browser.get(server.url("/sell/seller/?token=" + TestServer.TOKEN));
        awaitLive();
        assertEquals(server.url("/sell/seller/"), browser.getCurrentUrl());
        String orderId = server.placeOrder("browser-2", "milk-tea", 1).get("orderId").asText();
        assertEquals("NEW", row(orderId).getAttribute("data-status"));
    }

    @Test
    void whatABuyerTypedIsShownAsTextNeverAsHtml() {
        signInByForm();
        String hostile = "<img src=x onerror=alert(1)>";
        String body = "{\"buyerName\":\"" + hostile + "\",\"buyerPhone\":\"123456\",\"buyerAddress\":\"<b>bold</b>\","
                + "\"buyerOpenid\":\"xss\",\"items\":[{\"productId\":\"milk-tea\",\"productQuantity\":1}]}";
        String orderId = server.post("/sell/api/orders", body).json().get("orderId").asText();
        WebElement row = row(orderId);
        assertTrue(row.getText().contains(hostile), row.getText());
        waitFor(d -> modalOrderIds().equals(orderId));
        assertEquals(0L, ((JavascriptExecutor) browser).executeScript(
                "return document.querySelectorAll('#orders img, #order-modal img, #orders b, #order-modal b').length;"));
    }

    @Test
    void anOrderPlacedWhileTheSocketWasDownAppearsOnceAfterReconnecting() throws Exception {
        signInByForm();
        String before = server.placeOrder("browser-3", "milk-tea", 1).get("orderId").asText();
        row(before);
        browser.findElement(By.id("ack")).click();

        server.stop();
        waitFor(d -> !"live".equals(d.findElement(By.id("connection")).getAttribute("data-state")));
        String missed;
        // the same database served on another port, so the page cannot see the order being placed
        try (TestServer.Detached elsewhere = server.detached()) {
            missed = elsewhere.placeOrder("browser-4", "lemon-tea", 2);
        }
        server.startAgain();
        awaitLiveAfterOutage();
        row(missed);
        waitFor(d -> modalOrderIds().equals(missed));
        Thread.sleep(1_000);
        assertEquals(1, browser.findElements(By.cssSelector("#orders li.order[data-order-id='" + missed + "']")).size());
        assertEquals(1, browser.findElements(By.cssSelector("#orders li.order[data-order-id='" + before + "']")).size());
        assertEquals(2, rows().size());
        assertEquals(missed, modalOrderIds(), "one modal, with only the missed order");
    }

    @Test
    void finishingInOneTabUpdatesTheOther() {
        signInByForm();
        String first = browser.getWindowHandle();
        browser.switchTo().newWindow(WindowType.TAB);
        browser.get(server.url("/sell/seller/"));
        awaitLive();
        String second = browser.getWindowHandle();

        String orderId = server.placeOrder("browser-5", "mapo-tofu", 1).get("orderId").asText();
        row(orderId);
        browser.switchTo().window(first);
        row(orderId);
        browser.findElement(By.id("ack")).click();
        row(orderId).click();
        waitFor(d -> d.findElement(By.cssSelector("#order-modal [data-action=finish]")).isDisplayed());
        browser.findElement(By.cssSelector("#order-modal [data-action=finish]")).click();
        assertEquals("FINISHED", waitFor(d -> "FINISHED".equals(server.sellerGet("/sell/api/seller/orders/" + orderId)
                .json().get("orderStatus").asText()) ? "FINISHED" : null));

        browser.switchTo().window(second);
        // shown under "New" until the change arrives, then it leaves that filter
        waitFor(d -> d.findElements(By.cssSelector("#orders li.order[data-order-id='" + orderId + "']")).isEmpty());
        browser.findElement(By.cssSelector("[data-filter=all]")).click();
        assertEquals("FINISHED", waitFor(d -> {
            String status = row(orderId).getAttribute("data-status");
            return "FINISHED".equals(status) ? status : null;
        }));
    }

    @Test
    void aScreenshotOfTheConsoleWithAFewOrders() throws Exception {
        signInByForm();
        server.placeOrder("table-4", "beef-noodle-soup", 2);
        server.placeOrder("table-7", "kung-pao-chicken", 1);
        String paid = server.placeOrder("take-away-12", "pork-dumplings", 3).get("orderId").asText();
        server.sellerPost("/sell/api/seller/orders/" + paid + "/pay", "");
        waitFor(d -> rows().size() == 3);
        browser.findElement(By.id("ack")).click();
        // the moment the console exists for: a new order rings over the list
        String last = server.placeOrder("delivery-31", "milk-tea", 2).get("orderId").asText();
        row(last);
        waitFor(d -> modalOrderIds().equals(last));
        waitFor(d -> rows().size() == 4);
        waitFor(d -> stat("orders").equals("4"));
        chromium.screenshot(Path.of("docs", "console.png"));
        assertTrue(Files.size(Path.of("docs", "console.png")) > 10_000);
    }
}
