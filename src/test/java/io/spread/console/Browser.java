package io.spread.console;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's headless Chromium, driven through Debian's chromedriver (packages {@code chromium} and
 * {@code chromium-driver}; CI installs them with apt-get). Both are named by path, so Selenium never looks for or
 * downloads a browser of its own. Without them the test fails, saying what to install: a browser test that skips
 * itself would let a broken console pass.
 */
final class Browser implements AutoCloseable {

	static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	static final Duration WAIT = Duration.ofSeconds(15);

	private final ChromeDriver driver;

	private final String base;

	private Browser(ChromeDriver driver, String base) {
		this.driver = driver;
		this.base = base;
	}

	/** Starts a browser for pages of {@code http://127.0.0.1:<port>}. */
	static Browser start(int httpPort) {
		for (Path needed : List.of(CHROMIUM, CHROMEDRIVER)) {
			assertThat(Files.isExecutable(needed))
				.withFailMessage("The console's browser tests need %s: apt-get install chromium chromium-driver",
						needed)
				.isTrue();
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000",
				"--lang=en-GB");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		return new Browser(new ChromeDriver(service, options), "http://127.0.0.1:" + httpPort);
	}

	WebDriver driver() {
		return this.driver;
	}

	void open(String path) {
		this.driver.get(this.base + path);
	}

	String path() {
		return this.driver.getCurrentUrl().substring(this.base.length());
	}

	WebElement find(By by) {
		return this.driver.findElement(by);
	}

	WebElement byId(String id) {
		return this.driver.findElement(By.id(id));
	}

	/** Waits up to {@link #WAIT} for {@code condition} to give something other than null or false. */
	<T> T await(String what, Function<WebDriver, T> condition) {
		return new WebDriverWait(this.driver, WAIT, Duration.ofMillis(100)).withMessage(what).until(condition);
	}

	Object script(String script, Object... args) {
		return ((JavascriptExecutor) this.driver).executeScript(script, args);
	}

	/** Logs in on Spring Security's login form, which the browser is showing. */
	void logIn(String username, String password) {
		await("the login form", d -> d.findElement(By.id("username")).isDisplayed());
		byId("username").sendKeys(username);
		byId("password").sendKeys(password);
		find(By.cssSelector("button[type=submit]")).click();
	}

	/** Saves what the browser shows as {@code target/<name>.png}. */
	Path screenshot(String name) {
		File shot = ((TakesScreenshot) this.driver).getScreenshotAs(OutputType.FILE);
		Path saved = Path.of("target", name + ".png");
		try {
			Files.createDirectories(saved.getParent());
			Files.copy(shot.toPath(), saved, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return saved;
	}

	@Override
	public void close() {
		this.driver.quit();
	}

}
