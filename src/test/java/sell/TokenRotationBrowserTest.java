package sell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import okhttp3.Request;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WindowType;

/** "Rotate token" in the console: the new token shown once, every tab of the old sessions back at the sign-in form. */
class TokenRotationBrowserTest extends BrowserTest {

    private int status(String token) {
        return server.call(new Request.Builder().url(server.url("/sell/api/seller/orders"))
                .header("Authorization", "Bearer " + token).build()).status();
    }

    @Test
    void theNewTokenIsShownOnceAndEveryTabOfTheOldSessionSignsInAgain() {
        String old = server.app().addShop("Tab kitchen").token();
        browser.get(server.url("/sell/seller/"));
        chromium.waitFor(d -> d.findElement(By.id("signin")).isDisplayed());
        browser.findElement(By.id("token")).sendKeys(old);
        browser.findElement(By.cssSelector("#signin button[type=submit]")).click();
        chromium.awaitLive();
        String first = browser.getWindowHandle();
        browser.switchTo().newWindow(WindowType.TAB);
        browser.get(server.url("/sell/seller/"));
        chromium.awaitLive();
        String second = browser.getWindowHandle();

        browser.switchTo().window(first);
        browser.findElement(By.id("rotate")).click();
        chromium.waitFor(d -> d.findElement(By.id("rotate-dialog")).isDisplayed());
        browser.findElement(By.id("rotate-confirm")).click();
        chromium.waitFor(d -> !d.findElement(By.id("new-token")).getAttribute("value").isEmpty());
        String fresh = browser.findElement(By.id("new-token")).getAttribute("value");
        assertNotEquals(old, fresh);
        assertEquals(401, status(old));
        assertEquals(200, status(fresh));

        // the other tab's socket was closed for policy: it goes to the sign-in form, not round a reconnect loop
        browser.switchTo().window(second);
        chromium.waitFor(d -> d.findElement(By.id("signin-view")).isDisplayed());
        assertTrue(browser.findElement(By.id("console")).getAttribute("hidden") != null);

        // this tab signs in with the new token in one click; the token is in no form afterwards
        browser.switchTo().window(first);
        browser.findElement(By.id("use-token")).click();
        chromium.awaitLive();
        assertEquals("", browser.findElement(By.id("token")).getAttribute("value"));
        assertEquals("", browser.findElement(By.id("new-token")).getAttribute("value"));
        assertEquals("Tab kitchen", browser.findElement(By.id("shop-name")).getText());
    }
}
