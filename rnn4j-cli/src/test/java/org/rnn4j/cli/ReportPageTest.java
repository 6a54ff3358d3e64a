package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The training report as a reader sees it: a classifier's {@code report.html} opened from disk in a real headless
 * Chromium, with nothing fetched from anywhere; its settings table, its confusion matrix and its charts checked
 * against {@code report.json}.
 */
@Tag("process")
@Tag("browser")
class ReportPageTest {
    static Path dir, run;
    static JsonNode numbers;
    static WebDriver browser;

    @BeforeAll
    static void trainAndOpen() throws Exception {
        dir = Files.createTempDirectory("rnn4j-report");
        Path model = dir.resolve("reviews.safetensors");
        Cli.Run r = Cli.run(dir, null, "train", "--task", "classify", "--train", Cli.data("reviews.tsv").toString(), "--model", model.toString(),
                "--epochs", "4", "--hidden", "8", "--embedding", "8", "--lr", "0.02", "--threads", "1");
        assertEquals(0, r.exit(), r.toString());
        run = Cli.run(model);
        numbers = new ObjectMapper().readTree(run.resolve("report.json").toFile());
        browser = Browser.chromium();
        browser.get(run.resolve("report.html").toUri().toString());
    }

    @AfterAll
    static void close() {
        if (browser != null) browser.quit();
    }

    private static List<String> texts(String css) {
        return browser.findElements(By.cssSelector(css)).stream().map(e -> e.getAttribute("textContent").strip()).toList();
    }

    @Test
    void theSettingsTableListsWhatAppliesToAClassifierAndNothingElse() {
        Map<String, String> settings = new LinkedHashMap<>();
        for (WebElement row : browser.findElements(By.cssSelector(".settings tr"))) {
            List<WebElement> cells = row.findElements(By.tagName("td"));
            if (cells.size() == 2) settings.put(cells.get(0).getText(), cells.get(1).getText());
        }
        assertEquals("classify", settings.get("--task"));
        assertEquals("8", settings.get("--hidden"));
        assertEquals("0.02", settings.get("--lr"));
        assertEquals("last", settings.get("--pooling"));
        assertEquals("words", settings.get("--tokens"));
        for (String absent : List.of("--attention", "--kernel", "--filters", "--image-size", "--window", "--horizon", "--max-length", "--target-tokens")) {
            assertFalse(settings.containsKey(absent), absent + " does not apply to a classifier: " + settings);
        }
        assertEquals(List.of("data", "model", "training"), texts(".settings th[scope=rowgroup]"));
    }

    @Test
    void theConfusionMatrixReadsTopDownAndShowsCountsOrRowPercentages() {
        JsonNode metrics = numbers.get("metrics");
        List<String> labels = new ObjectMapper().convertValue(metrics.get("labels"), new com.fasterxml.jackson.core.type.TypeReference<List<String>>() {});
        assertEquals(labels, texts(".confusion th.true"), "true classes top-down in the labels' order");
        List<WebElement> rows = browser.findElements(By.cssSelector(".confusion tr"));
        long total = 0;
        for (int i = 0; i < labels.size(); i++) {
            List<WebElement> cells = rows.get(i + 1).findElements(By.tagName("td"));
            for (int j = 0; j < labels.size(); j++) {
                long count = metrics.get("confusion").get(i).get(j).asLong();
                assertEquals(Long.toString(count), cells.get(j).getText());
                total += count;
                String colour = cells.get(j).getCssValue("color"), background = cells.get(j).getCssValue("background-color");
                assertFalse(colour.equals(background), "readable: " + colour + " on " + background);
            }
        }
        assertEquals(metrics.get("examples").asLong(), total);

        browser.findElement(By.id("normalise")).click();
        for (int i = 0; i < labels.size(); i++) {
            double sum = 0;
            for (WebElement cell : rows.get(i + 1).findElements(By.tagName("td"))) {
                assertTrue(cell.getText().endsWith("%"), cell.getText());
                sum += Double.parseDouble(cell.getText().replace("%", ""));
            }
            assertEquals(100, sum, 0.2, "row " + labels.get(i) + " as percentages of its true class");
        }
        browser.findElement(By.id("normalise")).click();
    }

    @Test
    void theChartsAreSvgWithLabelledAxesAndALegend() {
        int epochs = numbers.get("history").size();
        assertEquals(2, browser.findElements(By.cssSelector("#loss-chart svg polyline.series")).size(), "training and validation loss");
        assertEquals(List.of("training", "validation"), texts("#loss-chart .legend text"));
        List<String> epochTicks = texts("#loss-chart .tick.x");
        assertEquals("1", epochTicks.get(0));
        assertEquals(Integer.toString(epochs), epochTicks.get(epochTicks.size() - 1), "epochs 1 to " + epochs + ": " + epochTicks);
        assertTrue(texts("#loss-chart .tick.y").size() >= 2);
        assertEquals(1, browser.findElements(By.cssSelector("#metric-chart svg polyline.series")).size());
        assertTrue(texts("#metric-chart .title").contains("accuracy"));
        assertEquals(numbers.get("gradient_flow").size(), browser.findElements(By.cssSelector("#flow-chart svg polyline.series")).size());
        assertTrue(texts("#flow-chart .title").containsAll(List.of("time step t", "‖∂L/∂hₜ‖ (log scale)")), texts("#flow-chart .title").toString());
        assertTrue(texts("#flow-chart .tick.y").size() >= 2, "the gradient's values are labelled");
    }

    @Test
    void thePageIsOneFileThatFetchesNothing() throws Exception {
        String html = Files.readString(run.resolve("report.html"));
        assertFalse(html.contains("src=\"") || html.contains("href=\"http") || html.contains("@import"), "no file or address outside the page");
        assertEquals(List.of("report.html", "report.json"), Cli.names(run));
        Object failed = ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "return performance.getEntriesByType('resource').map(e => e.name);");
        assertEquals(List.of(), failed, "resources the page loaded");
    }

    /** Class names and paths are data: a label written as markup shows as its text, and no script of it runs. */
    @Test
    void labelsThatLookLikeMarkupStayText() throws Exception {
        String evil = "</script><script>document.title='pwned'</script>", bold = "<b>bold</b> & \"quoted\"";
        Path data = dir.resolve("evil.tsv"), model = dir.resolve("evil.safetensors");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 20; i++) lines.append(evil).append("\tthe movie was good\n").append(bold).append("\tthe movie was bad\n");
        Files.writeString(data, lines);
        Cli.Run r = Cli.run(dir, null, "train", "--task", "classify", "--train", data.toString(), "--model", model.toString(), "--epochs", "1", "--hidden", "4",
                "--embedding", "4", "--threads", "1");
        assertEquals(0, r.exit(), r.toString());
        String html = Files.readString(Cli.run(model).resolve("report.html"));
        assertFalse(html.contains("<script>document") || html.contains("<b>bold"), "no label reaches the page as markup");
        WebDriver page = Browser.chromium();
        try {
            page.get(Cli.run(model).resolve("report.html").toUri().toString());
            assertEquals("rnn4j report: evil.safetensors", page.getTitle());
            List<String> labels = page.findElements(By.cssSelector(".confusion th.true")).stream().map(WebElement::getText).sorted().toList();
            assertEquals(List.of(evil, bold).stream().sorted().toList(), labels);
            assertEquals(2, page.findElements(By.cssSelector("#loss-chart svg polyline.series")).size(), "the charts still draw from the escaped data");
        } finally {
            page.quit();
        }
    }
}
