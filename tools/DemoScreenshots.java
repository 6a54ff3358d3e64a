import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The README's pictures of the demo site: drives a running {@code rnn4j serve} on the applications' models in
 * headless Chromium and saves each tab, with an example input, as PNG (all tabs, or those named). Run by
 * tools/demo-screenshots.sh.
 *
 *     java -cp CLASSPATH tools/DemoScreenshots.java http://127.0.0.1:8080 docs/images [classify complete translate caption visualise]
 */
public class DemoScreenshots {
    static WebDriver browser;

    public static void main(String[] args) throws Exception {
        String base = args[0];
        Path out = Files.createDirectories(Path.of(args[1]));
        ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1280,900");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build(), options);
        java.util.Map<String, Runnable> shots = new java.util.LinkedHashMap<>();
        shots.put("classify", DemoScreenshots::classify);
        shots.put("complete", DemoScreenshots::complete);
        shots.put("translate", DemoScreenshots::translate);
        shots.put("caption", DemoScreenshots::caption);
        shots.put("visualise", DemoScreenshots::visualise);
        java.util.List<String> wanted = args.length > 2 ? java.util.List.of(args).subList(2, args.length) : java.util.List.copyOf(shots.keySet());
        for (String name : wanted) if (!shots.containsKey(name)) throw new IllegalArgumentException("no tab " + name + "; expected some of " + shots.keySet());
        try {
            for (String name : wanted) {
                tab(base, name);
                shots.get(name).run();
                save(out, "demo-" + name + ".png");
            }
        } finally {
            browser.quit();
        }
    }

    static void classify() {
        type("classify-text", "Dear friend, you have been selected to receive a free gift card. Click here to claim your prize now!");
        click("classify-run", "classify-out");
    }

    static void complete() {
        type("complete-text", "And God said unto Mo");
        waitFor(() -> !browser.findElements(By.cssSelector("#complete-suggestions button")).isEmpty());
    }

    /** The English-Spanish model of examples/translation. */
    static void translate() {
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("translate-model"))).selectByValue("translation");
        type("translate-text", "In the beginning, God created the heavens and the earth.");
        click("translate-run", "translate-out");
    }

    static void caption() {
        waitFor(() -> !browser.findElements(By.cssSelector("#caption-samples img")).isEmpty());
        browser.findElements(By.cssSelector("#caption-samples img")).get(1).click();
        waitFor(() -> browser.findElement(By.id("caption-run")).isEnabled());
        click("caption-run", "caption-out");
        waitFor(() -> browser.findElements(By.cssSelector("#caption-results li")).size() == 10);
    }

    static void visualise() {
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("visualise-model"))).selectByValue("punctuation");
        type("visualise-text", "and god said let there be light and there was light");
        click("visualise-run", "visualise-out");
        waitFor(() -> browser.findElement(By.id("visualise-flow")).getAttribute("data-series") != null);
    }

    static void tab(String base, String name) {
        browser.manage().window().setSize(new Dimension(1280, 900));
        browser.get(base + "/#" + name);
        waitFor(() -> !browser.findElements(By.id("tab-button-" + name)).isEmpty());
        browser.findElement(By.id("tab-button-" + name)).click();
        waitFor(() -> browser.findElement(By.id("tab-" + name)).isDisplayed());
    }

    static void type(String id, String text) {
        WebElement e = browser.findElement(By.id(id));
        e.clear();
        e.sendKeys(text);
    }

    static void click(String button, String result) {
        browser.findElement(By.id(button)).click();
        waitFor(() -> browser.findElement(By.id(result)).isDisplayed());
    }

    static void save(Path dir, String name) throws Exception {
        Thread.sleep(300);
        long height = (Long) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollHeight + window.outerHeight - window.innerHeight;");     // the page and the window's frame
        browser.manage().window().setSize(new Dimension(1280, (int) Math.min(2400, Math.max(700, height))));
        Thread.sleep(200);
        Files.write(dir.resolve(name), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        System.out.println("wrote " + dir.resolve(name));
    }

    static void waitFor(java.util.function.BooleanSupplier condition) {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            try {
                if (condition.getAsBoolean()) return;
            } catch (RuntimeException notYet) {
                // not on the page yet
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("the page did not show what was expected within 60 s");
    }
}
