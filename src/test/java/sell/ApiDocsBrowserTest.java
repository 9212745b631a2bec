package sell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** /sell/api/docs in real headless Chromium: the description rendered for people under the console's CSP. */
class ApiDocsBrowserTest extends BrowserTest {
    @Test
    void everyOperationAndSchemaOfTheDescriptionIsShown() throws Exception {
        browser.get(server.url("/sell/api/docs"));
        chromium.waitFor(d -> "ready".equals(d.findElement(By.tagName("body")).getAttribute("data-state")));
        ApiDocument document = ApiDocument.served();

        assertEquals(document.operations.size(), browser.findElements(By.cssSelector("#operations .operation")).size());
        assertEquals(document.operations.size(), browser.findElements(By.cssSelector("#contents a[href^='#op-']")).size());
        assertEquals(document.root.at("/components/schemas").size(), browser.findElements(By.cssSelector(".named-schema")).size());

        WebElement create = browser.findElement(By.id("op-placeOrder"));
        String text = create.getText();
        for (String shown : new String[] {"POST", "/sell/api/orders", "Idempotency-Key", "OrderRequest", "201", "409", "422",
                "429", "out_of_stock", "application/json"}) {
            assertTrue(text.contains(shown), "the create operation shows " + shown + ":\n" + text);
        }
        String order = browser.findElement(By.id("schema-Order")).getText();
        assertTrue(order.contains("orderId required") && order.contains("orderAmount required Money")
                && order.contains("No other fields."), order);
        String money = browser.findElement(By.id("schema-Money")).getText();
        assertTrue(money.contains("number") && money.contains("multiple of 0.01"), money);
        String intro = browser.findElement(By.cssSelector("#doc .intro")).getText();
        assertTrue(intro.contains("/sell/webSocket") && intro.contains("docs/PROTOCOL.md"), intro);

        // the stylesheet applied (style-src 'self'), and a schema link leads to its schema
        String background = browser.findElement(By.cssSelector("#op-placeOrder .method.post")).getCssValue("background-color");
        assertNotEquals("rgba(0, 0, 0, 0)", background);
        create.findElement(By.cssSelector("a.ref[href='#schema-OrderRequest']")).click();
        chromium.waitFor(d -> d.getCurrentUrl().endsWith("#schema-OrderRequest"));
        browser.findElement(By.cssSelector("#contents a[href='#op-placeOrder']")).click();
        chromium.waitFor(d -> d.getCurrentUrl().endsWith("#op-placeOrder"));
        chromium.screenshot(Path.of("target", "api-docs.png"));
    }
}
