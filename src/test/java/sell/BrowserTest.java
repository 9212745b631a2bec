package sell;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.WebDriver;

/** A browser test: the real server on a fresh database, and a fresh headless Chromium, for each test. */
abstract class BrowserTest {
    protected TestServer server;
    protected Chromium chromium;
    protected WebDriver browser;

    @BeforeAll
    static void installed() {
        Chromium.assumeInstalled();
    }

    @BeforeEach
    void startServerAndBrowser() {
        server = TestServer.start();
        chromium = Chromium.start(1280, 900);
        browser = chromium.driver;
    }

    @AfterEach
    void stopServerAndBrowser() throws Exception {
        try {
            if (chromium != null) chromium.close();
        } finally {
            server.close();
        }
    }
}
