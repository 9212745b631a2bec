package sell;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** A real headless Chromium with a profile of its own, for the console's browser tests; close() quits it. */
final class Chromium implements AutoCloseable {
    private static final File BINARY = new File("/usr/bin/chromium");
    private static final File DRIVER = new File("/usr/bin/chromedriver");

    final ChromeDriver driver;
    private final Path profile;

    /** Skips the calling test class where Chromium is missing; on CI that is an error instead. */
    static void assumeInstalled() {
        boolean installed = BINARY.canExecute() && DRIVER.canExecute();
        if (!installed && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI must run the browser tests: install chromium and chromium-driver");
        }
        Assumptions.assumeTrue(installed, "browser tests skipped: no Chromium here. Install it with "
                + "`apt-get install chromium chromium-driver` (Debian) to run them.");
    }

    private Chromium(int width, int height) throws IOException {
        profile = Files.createTempDirectory("sell-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=" + width + "," + height, "--user-data-dir=" + profile);
        // the installed chromedriver, so that Selenium downloads nothing
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    static Chromium start(int width, int height) {
        try {
            return new Chromium(width, height);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    <T> T waitFor(Function<WebDriver, T> condition) {
        return waitFor(Duration.ofSeconds(10), condition);
    }

    <T> T waitFor(Duration atMost, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, atMost).until(condition);
    }

    Object js(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    /** Opens the console and signs in with the form, then waits until its socket is live. */
    void signIn(TestServer server) {
        driver.get(server.url("/sell/seller/"));
        waitFor(d -> d.findElement(By.id("signin")).isDisplayed());
        driver.findElement(By.id("token")).sendKeys(TestServer.TOKEN);
        driver.findElement(By.cssSelector("#signin button[type=submit]")).click();
        awaitLive();
    }

    void awaitLive() {
        waitFor(d -> "live".equals(d.findElement(By.id("connection")).getAttribute("data-state")));
    }

    /** Saves what the window shows as a PNG (docs/ screenshots). */
    void screenshot(Path to) throws IOException {
        Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
        Files.createDirectories(to.toAbsolutePath().getParent());
        Files.copy(shot, to, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
