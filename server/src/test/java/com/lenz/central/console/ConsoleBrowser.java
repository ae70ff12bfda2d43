package com.lenz.central.console;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through Debian's chromedriver, both at fixed paths: Selenium is given
 * the driver and the browser, so its Selenium Manager never looks for (or downloads) either. The browser
 * runs in the Asia/Jakarta zone (UTC+7) with an en-US locale, so that local times and formatted numbers
 * are predictable and visibly not UTC. Skipped without the two programs, except in CI, where they must be.
 */
final class ConsoleBrowser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final String ZONE = "Asia/Jakarta";

    final ChromeDriver driver;
    private final Path profile;
    private final String base;

    private ConsoleBrowser(ChromeDriver driver, Path profile, String base) {
        this.driver = driver;
        this.profile = profile;
        this.base = base;
    }

    static ConsoleBrowser start(String serverBaseUrl) {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("chromium or chromedriver is missing; .ci/run installs them (apt-get install -y chromium chromium-driver)");
        }
        assumeTrue(present, "chromium and chromium-driver are not installed (apt-get install -y chromium chromium-driver); "
                + "outside CI the console's browser tests are skipped");
        try {
            Path profile = Files.createTempDirectory("lenz-console-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--user-data-dir=" + profile, "--window-size=1280,800", "--lang=en-US");
            options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US"));
            options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort()
                    .withEnvironment(Map.of("TZ", ZONE))
                    .build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().window().setSize(new Dimension(1280, 800));
            return new ConsoleBrowser(driver, profile, serverBaseUrl);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens a console page (hash route, e.g. {@code #/nodes}). */
    void open(String route) {
        driver.get(base + "/console/" + route);
    }

    /** Signs in through the form (typing, then Enter), starting from a fresh session. */
    void signIn(String user, String password) {
        open("");
        js("sessionStorage.clear()");
        driver.navigate().refresh();
        WebElement name = waitFor(By.id("sign-in-user"));
        name.sendKeys(user);
        driver.findElement(By.id("sign-in-password")).sendKeys(password, Keys.ENTER);
        until(d -> d.findElement(By.id("nav")).isDisplayed() && !text(By.id("who-name")).isEmpty());
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    WebElement waitFor(By by) {
        return until(d -> {
            var found = d.findElements(by);
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
    }

    /** Polls with a deadline generous enough for a loaded machine (the console itself refreshes every 5 s). */
    <T> T until(ExpectedCondition<T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(60), Duration.ofMillis(200)).until(condition);
    }

    /** Text of the first element matching, or "" when there is none (the page may be redrawing). */
    String text(By by) {
        try {
            var found = driver.findElements(by);
            return found.isEmpty() ? "" : found.get(0).getText();
        } catch (org.openqa.selenium.StaleElementReferenceException e) {
            return "";
        }
    }

    /**
     * A screenshot of what the browser shows, into {@code lenz.console.screenshots} (the README's pictures come
     * from {@code -Dlenz.console.screenshots=../docs/console}); by default into target, leaving the sources alone.
     */
    void screenshot(String name) {
        Path dir = Path.of(System.getProperty("lenz.console.screenshots", "target/console-screenshots"));
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            } catch (IOException ignored) {
                // a temp profile left behind is harmless
            }
        }
    }
}
