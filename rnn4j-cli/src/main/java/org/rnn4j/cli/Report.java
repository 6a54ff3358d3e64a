package org.rnn4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.rnn4j.io.AtomicFile;
import org.rnn4j.io.RunFolder;
import org.rnn4j.model.Model;
import org.rnn4j.task.ClassificationScores;
import org.rnn4j.task.Task;
import org.rnn4j.train.Example;
import org.rnn4j.train.Monitor;
import org.rnn4j.train.Scores;
import org.rnn4j.train.Trainer;

/**
 * The training report in the run folder: {@code report.html}, one self-contained page (its style, its script and
 * its data inside it) with the final scores, the loss and metric curves, the confusion matrix of a classifier (counts
 * or row percentages), the gradient flow, and a table of the settings that apply to the run; and
 * {@code report.json}, the numbers behind it. The charts are SVG, drawn in the page by the demo site's own
 * {@code chart.js}.
 */
final class Report {
    /** The report's numbers in snake_case, as the JSON API and {@code evaluate --json} name theirs ({@code train_loss}, {@code learning_rate}). */
    static final com.fasterxml.jackson.databind.ObjectMapper JSON = RunSpec.JSON.copy()
            .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE);

    private Report() {}

    /**
     * @param kept which epoch the model file holds, by which score, and why training stopped
     * @return the HTML report's path
     */
    static <X, Y, M extends Model<X, Y>> Path write(RunFolder folder, Path modelFile, RunSpec spec, String kept, Task<X, Y, M> task, M model,
                                                   List<Trainer.Epoch> history, Supplier<Stream<Example<X, Y>>> data) throws IOException {
        Files.createDirectories(folder.dir());
        Scores scores;
        try (Stream<Example<X, Y>> s = data.get()) {
            scores = task.evaluate(model, s);
        }
        double[][] flow = gradientFlow(model, data);
        String metric = mainMetric(history, spec.training().monitor());

        ObjectNode json = JSON.createObjectNode();
        json.put("model", modelFile.toString());
        json.put("kept", kept);
        json.putPOJO("history", history);
        if (metric != null) json.put("main_metric", metric);
        json.putPOJO("metrics", scores);
        if (flow.length > 0 && flow[0].length > 0) json.putPOJO("gradient_flow", flow);
        json.putPOJO("settings", spec);
        byte[] numbers = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json);

        String name = modelFile.getFileName().toString();
        StringBuilder b = new StringBuilder();
        b.append("<section class=\"card\"><h1>").append(esc(name)).append("</h1><p class=\"hint\">").append(esc(summary(spec, history.size()))).append("</p>")
                .append("<p>").append(esc(kept)).append("</p><table class=\"scores\">");
        scores.scalars().forEach((k, v) -> b.append("<tr><th>").append(esc(k)).append("</th><td>").append(String.format(Locale.ROOT, "%.4f", v)).append("</td></tr>"));
        b.append("</table><p class=\"hint\">On the ").append(spec.valid() != null || spec.validSplit() > 0 ? "validation" : "training").append(" data, with the kept model.</p></section>");
        section(b, "Loss", "loss-chart", "The mean loss of every epoch on the training data, and on the validation data after the epoch.");
        if (metric != null) section(b, "Validation " + metric, "metric-chart", "The task's main score on the validation data after every epoch.");
        if (scores instanceof ClassificationScores c) confusion(b, c);
        if (flow.length > 0 && flow[0].length > 0) {
            section(b, "Gradient flow", "flow-chart", "How strongly the loss reaches back to each step: the norm of ∂L/∂h_t, averaged over a batch of "
                    + (spec.valid() != null || spec.validSplit() > 0 ? "validation" : "training") + " examples" + (model instanceof org.rnn4j.model.Seq2Seq ? ", for the encoder's states" : "")
                    + ". A simple RNN's curve falls steeply towards the first steps (vanishing gradients); an LSTM's or GRU's stays much flatter.");
        }
        settings(b, Settings.of(spec, task));

        String html = fill(resource("report/report.html"), Map.of(
                "title", esc(name),
                "style", resource("report/report.css") + resource("web/chart.css"),
                "created", ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")),
                "body", b.toString(),
                "data", new String(numbers, StandardCharsets.UTF_8).replace("<", "\\u003c"),    // no tag in the script element (JSON has < in strings only)
                "script", resource("web/chart.js") + "\n" + resource("report/report.js")));
        AtomicFile.write(folder.reportHtml(), html.getBytes(StandardCharsets.UTF_8));
        AtomicFile.write(folder.reportJson(), numbers);
        return folder.reportHtml();
    }

    /** "classify on reviews.tsv: LSTM, H 32, 1 layer; 40 epochs, seed 1". */
    private static String summary(RunSpec spec, int epochs) {
        var a = spec.architecture();
        String net = spec.data().baseline() != null ? "bag-of-words baseline, H " + a.hidden()
                : a.cell().name() + (a.bidirectional() ? " bidirectional" : "") + ", H " + a.hidden() + ", " + a.layers() + (a.layers() == 1 ? " layer" : " layers");
        return spec.task() + " on " + Path.of(spec.train()).getFileName() + ": " + net + "; " + epochs + (epochs == 1 ? " epoch" : " epochs") + ", seed " + spec.seed();
    }

    private static void section(StringBuilder b, String title, String chart, String caption) {
        b.append("<section class=\"card\"><h2>").append(esc(title)).append("</h2><p class=\"hint\">").append(esc(caption)).append("</p><div id=\"")
                .append(chart).append("\"></div></section>");
    }

    /**
     * The confusion matrix as a table, true classes top-down, predicted left to right, each cell shaded by its share
     * of its true class (white when empty), its count in dark or white type by the shade; the page's toggle shows the
     * shares instead.
     */
    private static void confusion(StringBuilder b, ClassificationScores c) {
        List<String> labels = c.labels();
        long[][] m = c.confusion();
        b.append("<section class=\"card\"><h2>Confusion matrix</h2><p class=\"hint\">Examples by true class (rows) and predicted class (columns); ")
                .append("the diagonal is right.</p><label class=\"toggle\"><input type=\"checkbox\" id=\"normalise\"> each row as percentages of its true class</label>")
                .append("<table class=\"confusion\"><tr><th class=\"axis\">true ↓ predicted →</th>");
        for (String l : labels) b.append("<th>").append(esc(l)).append("</th>");
        b.append("</tr>");
        for (int i = 0; i < labels.size(); i++) {
            long total = 0;
            for (long v : m[i]) total += v;
            b.append("<tr><th class=\"true\">").append(esc(labels.get(i))).append("</th>");
            for (int j = 0; j < labels.size(); j++) {
                double share = total == 0 ? 0 : (double) m[i][j] / total;
                int r = (int) Math.round(255 - share * (255 - 79)), g = (int) Math.round(255 - share * (255 - 70)), bl = (int) Math.round(255 - share * (255 - 229));
                b.append("<td data-count=\"").append(m[i][j]).append("\" data-percent=\"").append(String.format(Locale.ROOT, "%.1f%%", 100 * share))
                        .append("\" style=\"background:rgb(").append(r).append(',').append(g).append(',').append(bl).append(");color:")
                        .append(m[i][j] == 0 ? "#98a2b3" : share > 0.45 ? "#fff" : "#1d2433").append("\">").append(m[i][j]).append("</td>");
            }
            b.append("</tr>");
        }
        b.append("</table></section>");
    }

    private static void settings(StringBuilder b, List<Settings.Row> rows) {
        b.append("<section class=\"card\"><h2>Settings</h2><p class=\"hint\">What this run was asked to do, by option; only what applies to it.</p><table class=\"settings\">");
        String group = null;
        for (Settings.Row r : rows) {
            if (!r.group().equals(group)) {
                group = r.group();
                b.append("<tr><th scope=\"rowgroup\" colspan=\"2\">").append(esc(group)).append("</th></tr>");
            }
            b.append("<tr><td>").append(esc(r.option())).append("</td><td>").append(esc(r.value())).append("</td></tr>");
        }
        b.append("</table></section>");
    }

    /** The monitored validation score, or else the first of the usual ones the history has. */
    private static String mainMetric(List<Trainer.Epoch> history, Monitor monitor) {
        if (history.isEmpty() || history.get(0).valid() == null) return null;
        Map<String, Double> scores = history.get(0).valid();
        if (monitor.validation() && !monitor.metric().equals("loss") && scores.containsKey(monitor.metric())) return monitor.metric();
        for (String k : new String[] {"accuracy", "bpc", "perplexity", "token_error_rate", "exact_match", "mae", "rmse"}) if (scores.containsKey(k)) return k;
        return null;
    }

    private static <X, Y> double[][] gradientFlow(Model<X, Y> model, Supplier<Stream<Example<X, Y>>> data) {
        List<Example<X, Y>> batch;
        try (Stream<Example<X, Y>> s = data.get()) {
            batch = s.limit(64).toList();
        }
        return model.gradientFlow(batch.stream().map(Example::x).toList(), batch.stream().map(Example::y).toList());
    }

    /** The template with each {@code {{key}}} replaced by its value, in one pass (a value is never read for keys). */
    static String fill(String template, Map<String, String> values) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{\\{(\\w+)}}").matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) throw new IllegalStateException("the template names " + m.group() + ", which has no value");
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(v));
        }
        return m.appendTail(out).toString();
    }

    private static String resource(String name) {
        try (InputStream in = Report.class.getResourceAsStream("/" + name)) {
            if (in == null) throw new IllegalStateException("the jar lacks " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
