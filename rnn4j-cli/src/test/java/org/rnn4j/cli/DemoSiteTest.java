package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rnn4j.cli.DemoModels.JSON;
import static org.rnn4j.cli.DemoModels.refused;
import static org.rnn4j.cli.DemoModels.send;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.rnn4j.cli.DemoModels.Answer;

/**
 * The demo site end to end: on the models and server of {@link DemoModels}, every tab driven in headless Chromium
 * (Debian's chromium and chromium-driver) and what the page shows checked against the JSON API's answers for the
 * same input. Each tab's screenshot is saved in {@code target/screenshots}. {@link DemoApiTest} checks the API
 * itself.
 */
@Tag("process")
@Tag("browser")
class DemoSiteTest {
    private static DemoModels served;
    private static Path dir;
    private static String base;
    private static WebDriver browser;

    @BeforeAll
    static void serveAndOpen() throws Exception {
        served = DemoModels.get();
        dir = served.dir();
        base = served.base();
        browser = Browser.chromium();
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.quit();
    }

    private static Answer post(String path, String body) throws Exception {
        return served.post(path, body);
    }

    private static JsonNode ok(String path, String body) throws Exception {
        return served.ok(path, body);
    }

    // ---- the page ----

    private static void open(String tab) {
        browser.manage().window().setSize(new Dimension(1280, 1000));
        browser.get(base + "/#" + tab);
        until(() -> !browser.findElements(By.id("tab-button-" + tab)).isEmpty(), "the " + tab + " tab");
        browser.findElement(By.id("tab-button-" + tab)).click();
        until(() -> browser.findElement(By.id("tab-" + tab)).isDisplayed(), "the " + tab + " panel");
    }

    private static WebElement shown(String id) {
        until(() -> browser.findElement(By.id(id)).isDisplayed(), "#" + id + " shown");
        return browser.findElement(By.id(id));
    }

    private static void until(Supplier<Boolean> condition, String what) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            try {
                if (condition.get()) return;
            } catch (RuntimeException notYet) {
                // the element is not there yet
            }
            sleep(50);
        }
        List<WebElement> error = browser.findElements(By.id("error"));
        throw new AssertionError("waited 30 s for " + what + (error.isEmpty() ? "" : "; the page says: " + error.get(0).getText()));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The whole page, as tall as its content. */
    private static void screenshot(String tab) throws IOException {
        long height = (Long) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollHeight + window.outerHeight - window.innerHeight;");     // the page and the window's frame
        browser.manage().window().setSize(new Dimension(1280, (int) Math.min(3000, Math.max(800, height))));
        Path file = Path.of("target", "screenshots", tab + ".png");
        Files.createDirectories(file.getParent());
        Files.write(file, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private static void type(String id, String text) {
        WebElement e = browser.findElement(By.id(id));
        e.clear();
        e.sendKeys(text);
    }

    @Test
    void classifyShowsTheApisProbabilitiesAndAWordByWordStrip() throws Exception {
        open("classify");
        new Select(browser.findElement(By.id("classify-model"))).selectByValue("reviews");
        assertEquals("A text for reviews (trained on reviews.tsv) to sort into 0, 1", browser.findElement(By.id("classify-text")).getAttribute("placeholder"),
                "the placeholder speaks of the chosen model");
        String text = "movie was not good";
        type("classify-text", text);
        browser.findElement(By.id("classify-run")).click();
        shown("classify-out");
        JsonNode api = ok("/api/v1/reviews/predict", JSON.createObjectNode().put("text", text).toString());
        assertEquals(api.get("prediction").asText(), browser.findElement(By.id("classify-label")).getText());
        List<WebElement> bars = browser.findElements(By.cssSelector("#classify-bars .bar"));
        assertEquals(api.get("probabilities").size(), bars.size());
        for (WebElement bar : bars) {
            double shown = Double.parseDouble(bar.getAttribute("data-p"));
            assertEquals(api.get("probabilities").get(bar.getAttribute("data-label")).asDouble(), shown, 1e-6, bar.getAttribute("data-label"));
        }
        JsonNode vis = ok("/api/v1/reviews/visualise", JSON.createObjectNode().put("text", text).toString());
        List<WebElement> strip = browser.findElements(By.cssSelector("#classify-strip .tok"));
        assertEquals(vis.get("tokens").size(), strip.size());
        for (int t = 0; t < strip.size(); t++) assertEquals(vis.get("tokens").get(t).asText(), strip.get(t).getText());
        double last = Double.parseDouble(strip.get(strip.size() - 1).getAttribute("data-p"));
        assertEquals(api.get("probabilities").get(api.get("prediction").asText()).asDouble(), last, 1e-5, "after the last word the strip shows the prediction");
        screenshot("classify");
    }

    /** A classifier of number sequences asks for its own input, says what is wrong with a bad one, and reads it step by step. */
    @Test
    void classifyTakesTheNumbersOfAModelThatReadsNumbers() throws Exception {
        open("classify");
        new Select(browser.findElement(By.id("classify-model"))).selectByValue("gestures");
        until(() -> browser.findElement(By.id("classify-text")).getAttribute("placeholder").startsWith("Numbers for gestures"), "the numbers placeholder");
        assertEquals("Numbers for gestures (trained on gestures.jsonl) to sort into dip-first, peak-first: one array of 3 per step, "
                + "e.g. [[0.1, 0.2, 0.3], [0.2, 0.3, 0.4], [0.3, 0.4, 0.5]]", browser.findElement(By.id("classify-text")).getAttribute("placeholder"));
        type("classify-text", "1, 2, 3");
        browser.findElement(By.id("classify-run")).click();
        until(() -> browser.findElement(By.id("error")).getText().startsWith("the input is not JSON: write an array of steps, each an array of 3 numbers"), "the error");
        String x = "[[0.2, 0.1, 0.3], [2.5, -0.1, 0.1], [0.1, 0.0, -0.2], [-2.9, 0.2, 0.0]]";
        type("classify-text", x);
        browser.findElement(By.id("classify-run")).click();
        shown("classify-out");
        JsonNode api = ok("/api/v1/gestures/predict", "{\"x\": " + x + "}");
        until(() -> api.get("prediction").asText().equals(browser.findElement(By.id("classify-label")).getText()), "the API's prediction");
        assertEquals(4, browser.findElements(By.cssSelector("#classify-strip .tok")).size(), "one chip per step");
        assertEquals("Step by step", browser.findElement(By.id("classify-strip-title")).getText());
        JsonNode models = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/models")).GET()).body();
        assertEquals(3, models.get("models").get(1).get("input").get("width").asInt(), "the models list says how many numbers a step has");
    }

    @Test
    void completeSuggestsAsYouTypeAndTabAccepts() throws Exception {
        open("complete");
        WebElement box = browser.findElement(By.id("complete-text"));
        box.clear();
        String text = "a dog sat on the m";
        for (char c : text.toCharArray()) {
            box.sendKeys(String.valueOf(c));
            sleep(30);
        }
        List<String> expected = suggestionsShownFor(text);
        assertTrue(browser.findElement(By.id("complete-info")).getText().matches("the session read (\\d+) new tokens, " + text.length() + " in all"),
                "every keystroke extended the session's text: " + browser.findElement(By.id("complete-info")).getText());
        JsonNode api = ok("/api/v1/sentences/complete", JSON.createObjectNode().put("text", text).put("count", 3).toString());
        screenshot("complete");
        box.sendKeys(Keys.TAB);
        assertEquals(text + api.get("completions").get(0).get("text").asText() + " ", box.getAttribute("value"), "Tab appends the first suggestion");

        box.sendKeys(Keys.BACK_SPACE, Keys.BACK_SPACE, Keys.BACK_SPACE, Keys.BACK_SPACE, "ca");         // an edit, not an extension: a new session
        suggestionsShownFor(box.getAttribute("value"));
    }

    /** Waits until the Complete tab shows the completions the API gives for {@code text}; returns their words. */
    private List<String> suggestionsShownFor(String text) throws Exception {
        until(() -> !browser.findElements(By.cssSelector("#complete-suggestions button")).isEmpty(), "suggestions");
        JsonNode api = ok("/api/v1/sentences/complete", JSON.createObjectNode().put("text", text).put("count", 3).toString());
        List<String> expected = new ArrayList<>();
        api.get("completions").forEach(c -> expected.add(c.get("word").asText()));
        List<String> shown = new ArrayList<>();
        // the suggestions of a shorter prefix may still be on screen while the last keystroke's request runs
        until(() -> {
            shown.clear();
            browser.findElements(By.cssSelector("#complete-suggestions button")).forEach(b -> shown.add(b.getAttribute("data-word")));
            return shown.equals(expected);
        }, "the suggestions of \"" + text + "\" " + expected);
        return expected;
    }

    /** A captioner of feature vectors is offered a box for its vector, not a file chooser; an image sent to it is refused by name. */
    @Test
    void aVectorCaptionerTakesItsVectorAndRefusesAnImage() throws Exception {
        open("caption");
        new Select(browser.findElement(By.id("caption-model"))).selectByValue("shapes");
        until(() -> browser.findElement(By.id("caption-vector")).isDisplayed(), "the vector box");
        assertTrue(!browser.findElement(By.id("caption-image-input")).isDisplayed(), "no file chooser for a vector model");
        assertTrue(browser.findElement(By.id("caption-vector-hint")).getText().contains("a feature vector of 9 numbers"));
        String vector = "[0.935, 0.116, -0.105, -0.045, 1.02, -0.029, -0.112, 0.013, 1.04]";
        type("caption-vector", vector);
        browser.findElement(By.id("caption-run")).click();
        JsonNode api = ok("/api/v1/shapes/generate", "{\"x\": " + vector + ", \"beam\": 10}");
        until(() -> browser.findElements(By.cssSelector("#caption-results li")).size() == api.get("candidates").size(), "the vector's captions");
        assertEquals(api.get("candidates").get(0).get("text").asText(), browser.findElement(By.cssSelector("#caption-results li .text")).getText());

        Answer query = post("/api/v1/shapes/generate?beam=10", "{\"x\": " + vector + "}");
        assertEquals(200, query.status(), query.body().toString());
        assertEquals(api, query.body(), "?beam=10 is {\"beam\": 10}");
        refused(post("/api/v1/shapes/generate?beam=3", "{\"x\": " + vector + ", \"beam\": 10}"), 400, "\"beam\" is 10 in the body and 3 in the query; give it once");
        refused(post("/api/v1/shapes/generate?bream=3", "{\"x\": " + vector + "}"), 400, "unknown query parameter \"bream\"");
        Answer image = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/shapes/generate")).header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofFile(dir.resolve("models/scenes.samples/scene-00301.png"))));
        refused(image, 415, "model 'shapes' reads JSON ({\"x\": [...]}, its feature vector), not an image (image/png)");
    }

    @Test
    void captionShowsTheTenBestBeamCaptionsOfASampleAndOfAnUpload() throws Exception {
        open("caption");
        new Select(browser.findElement(By.id("caption-model"))).selectByValue("scenes");
        until(() -> browser.findElements(By.cssSelector("#caption-samples img")).size() == 3, "three sample scenes");
        browser.findElements(By.cssSelector("#caption-samples img")).get(0).click();
        until(() -> browser.findElement(By.id("caption-run")).isEnabled(), "the generate button");
        browser.findElement(By.id("caption-run")).click();
        shown("caption-out");
        Path sample = dir.resolve("models/scenes.samples/scene-00301.png");
        Answer api = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/scenes/generate?beam=10")).header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofFile(sample)));
        assertEquals(200, api.status(), api.body().toString());
        assertEquals(10, api.body().get("candidates").size());
        List<String> expected = new ArrayList<>();
        api.body().get("candidates").forEach(c -> expected.add(c.get("text").asText()));
        // read whole in one go and retried: the list may be drawn again while it is read
        until(() -> browser.findElements(By.cssSelector("#caption-results li .text")).stream().map(WebElement::getText).toList().equals(expected),
                "the ten captions the API gives, in its order");
        screenshot("caption");

        WebElement file = browser.findElement(By.id("caption-file"));
        ((JavascriptExecutor) browser).executeScript("arguments[0].style.display = 'block';", file);
        file.sendKeys(dir.resolve("scenes/images/scene-00305.png").toString());
        browser.findElement(By.id("caption-run")).click();
        Answer upload = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/scenes/generate?beam=10")).header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofFile(dir.resolve("scenes/images/scene-00305.png"))));
        String best = upload.body().get("candidates").get(0).get("text").asText();
        until(() -> browser.findElement(By.cssSelector("#caption-results li .text")).getText().equals(best), "the uploaded image's best caption");

        String boundary = "rnn4j-test-boundary";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"scene.png\"\r\nContent-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        Answer form = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/scenes/generate?beam=10")).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArrays(List.of(head, Files.readAllBytes(dir.resolve("scenes/images/scene-00305.png")), tail))));
        assertEquals(upload.body(), form.body(), "a multipart form (curl -F image=@file) gets what the raw body gets");
    }

    @Test
    void translateDrawsTheAttentionMatrix() throws Exception {
        open("translate");
        new Select(browser.findElement(By.id("translate-model"))).selectByValue("g2p");
        assertEquals("An input for g2p (trained on g2p.tsv)", browser.findElement(By.id("translate-text")).getAttribute("placeholder"));
        type("translate-text", "cat");
        browser.findElement(By.id("translate-run")).click();
        shown("translate-out");
        JsonNode api = ok("/api/v1/g2p/predict", "{\"text\": \"cat\"}");
        until(() -> browser.findElement(By.id("translate-output")).getText().equals(api.get("prediction").asText()), "the translation " + api.get("prediction"));
        JsonNode vis = ok("/api/v1/g2p/visualise", "{\"text\": \"cat\"}");
        int rows = vis.get("attention").get("weights").size();
        JsonNode target = vis.get("attention").get("target");
        assertEquals("<eos>", target.get(target.size() - 1).asText(), "the end token as vocabularies name it: " + target);
        assertEquals("<eos>", browser.findElements(By.cssSelector("#translate-attention tr th")).get(rows + 3).getText());
        assertEquals(rows + 1, browser.findElements(By.cssSelector("#translate-attention tr")).size(), "a header row and one per written token");
        List<WebElement> cells = browser.findElements(By.cssSelector("#translate-attention td"));
        assertEquals(rows * 3, cells.size(), "one column per source letter");
        assertEquals(vis.get("attention").get("weights").get(0).get(0).asDouble(), Double.parseDouble(cells.get(0).getAttribute("data-w")), 1e-6);
        screenshot("translate");
    }

    /** A translator through subwords (bpe:N): the map's rows and columns are its subwords, a word's first shown with ▁. */
    @Test
    void translateShowsSubwords() throws Exception {
        open("translate");
        new Select(browser.findElement(By.id("translate-model"))).selectByValue("numbers");
        type("translate-text", "4 2 7");
        browser.findElement(By.id("translate-run")).click();
        JsonNode vis = ok("/api/v1/numbers/visualise", "{\"text\": \"4 2 7\"}");
        until(() -> browser.findElement(By.id("translate-output")).getText().equals(vis.get("result").get("prediction").asText()), "the translation " + vis.get("result"));
        List<String> columns = browser.findElements(By.cssSelector("#translate-attention tr:first-child th")).stream().skip(1).map(WebElement::getText).toList();
        List<String> sourceTokens = new ArrayList<>();
        vis.get("tokens").forEach(t -> sourceTokens.add(t.asText()));
        assertEquals(List.of(" 4", " 2", " 7"), sourceTokens, "the API gives each digit as a word-initial subword");
        assertEquals(List.of("\u25814", "\u25812", "\u25817"), columns, "one column per source subword, its space shown as ▁");
        List<String> rows = browser.findElements(By.cssSelector("#translate-attention tr th:first-child")).stream().skip(1).map(WebElement::getText).toList();
        JsonNode target = vis.get("attention").get("target");
        assertEquals(target.size(), rows.size(), "one row per written subword");
        for (int i = 0; i < rows.size(); i++) {
            String t = target.get(i).asText();
            assertEquals(t.startsWith(" ") ? "\u2581" + t.substring(1) : t, rows.get(i));
        }
        assertTrue(rows.stream().anyMatch(r -> r.startsWith("\u2581")), "the words written begin with ▁: " + rows);
    }

    @Test
    void answerNamesTheApisAnswer() throws Exception {
        open("answer");
        String story = "Mary moved to the bathroom. John went to the hallway. Mary travelled to the office.";
        type("answer-story", story);
        type("answer-question", "Where is Mary?");
        browser.findElement(By.id("answer-run")).click();
        shown("answer-out");
        JsonNode api = ok("/api/v1/stories/predict", JSON.createObjectNode().put("story", story).put("question", "Where is Mary?").toString());
        until(() -> browser.findElement(By.id("answer-label")).getText().equals(api.get("prediction").asText()), "the answer " + api.get("prediction"));
        screenshot("answer");
    }

    @Test
    void visualiseDrawsHiddenStatesAndTheGradientFlow() throws Exception {
        open("visualise");
        new Select(browser.findElement(By.id("visualise-model"))).selectByValue("reviews");
        String text = "movie was good";
        type("visualise-text", text);
        browser.findElement(By.id("visualise-run")).click();
        shown("visualise-out");
        JsonNode vis = ok("/api/v1/reviews/visualise", JSON.createObjectNode().put("text", text).toString());
        WebElement states = browser.findElement(By.id("visualise-states"));
        until(() -> states.getAttribute("data-rows") != null, "the heat map");
        assertEquals(vis.get("states").size(), Integer.parseInt(states.getAttribute("data-rows")));
        assertEquals(vis.get("states").get(0).size(), Integer.parseInt(states.getAttribute("data-units")));
        assertEquals(vis.get("result").get("prediction").asText(), browser.findElement(By.id("visualise-prediction")).getText());
        WebElement flow = browser.findElement(By.id("visualise-flow"));
        until(() -> flow.getAttribute("data-series") != null, "the gradient-flow chart");
        Answer report = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/reviews/report")).GET());
        assertEquals(report.body().get("gradient_flow").size(), Integer.parseInt(flow.getAttribute("data-series")));
        int steps = report.body().get("gradient_flow").get(0).size();
        List<String> xTicks = texts("#visualise-flow .tick.x"), yTicks = texts("#visualise-flow .tick.y");
        assertEquals("1", xTicks.get(0), "the steps are labelled from the first: " + xTicks);
        assertTrue(Integer.parseInt(xTicks.get(xTicks.size() - 1)) <= steps && xTicks.size() >= 2, "step labels " + xTicks + " for " + steps + " steps");
        assertTrue(yTicks.size() >= 2 && yTicks.stream().allMatch(t -> t.matches("[0-9.]+(e-?[0-9]+)?")), "the y axis is labelled: " + yTicks);
        assertTrue(browser.findElements(By.cssSelector("#visualise-flow .legend")).isEmpty(), "one series needs no legend");
        String note = browser.findElement(By.id("visualise-flow-note")).getText();
        assertTrue(note.startsWith("At the first of " + steps + " steps the gradient is ") && note.contains(". The model file holds epoch"), note);
        screenshot("visualise");

        new Select(browser.findElement(By.id("visualise-model"))).selectByValue("tags");
        type("visualise-text", "the dog sees a bird");
        browser.findElement(By.id("visualise-run")).click();
        JsonNode tags = ok("/api/v1/tags/visualise", "{\"text\": \"the dog sees a bird\"}");
        String firstRow = "the · " + tags.get("result").get("tags").get(0).asText();
        until(() -> browser.findElement(By.cssSelector("#visualise-tokens div")).getText().equals(firstRow), "the tagged rows");
        until(() -> texts("#visualise-flow .legend text").equals(List.of("left to right", "right to left")), "a legend naming the tagger's two directions");
    }


    /** The visible texts of the elements {@code css} selects, in page order. */
    private List<String> texts(String css) {
        return browser.findElements(By.cssSelector(css)).stream().map(e -> e.getAttribute("textContent")).toList();
    }
}
