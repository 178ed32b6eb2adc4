package io.huiketang.systemtests.platform;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real browser for the journeys: Debian's chromium driven through its chromium-driver
 * ({@code dev/chromium} installs both; {@code HUIKETANG_CHROMIUM} and {@code HUIKETANG_CHROMEDRIVER}
 * point elsewhere). Without them the test is skipped, saying so. It calls nothing but the pages it is
 * sent to, and trusts the run's self-signed gateway certificate by ignoring certificate errors.
 */
public final class HeadlessChromium {

    private HeadlessChromium() {
    }

    /** A fresh browser (empty profile, no cookies); the caller quits it. */
    public static ChromeDriver start() throws IOException {
        File browser = new File(Platform.env("HUIKETANG_CHROMIUM", "/usr/bin/chromium"));
        File driver = new File(Platform.env("HUIKETANG_CHROMEDRIVER", "/usr/bin/chromedriver"));
        Assumptions.assumeTrue(browser.canExecute() && driver.canExecute(), "no headless browser: " + browser
                + " or " + driver + " missing; dev/chromium installs Debian's chromium and chromium-driver");
        Path profile = Files.createTempDirectory("huiketang-chromium-");
        ChromeOptions options = new ChromeOptions().setBinary(browser)
                .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--no-first-run", "--no-default-browser-check", "--ignore-certificate-errors",
                        "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver)
                .usingAnyFreePort().withLogFile(Path.of("target/chromedriver.log").toFile()).build();
        ChromeDriver chrome = new ChromeDriver(service, options);
        chrome.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return chrome;
    }
}
