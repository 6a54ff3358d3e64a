package org.rnn4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.rnn4j.model.ManyToMany;
import org.rnn4j.model.ManyToOne;
import org.rnn4j.model.AtomicFile;
import org.rnn4j.model.Example;
import org.rnn4j.model.Model;
import org.rnn4j.model.Monitor;
import org.rnn4j.model.Scores;
import org.rnn4j.task.ClassificationScores;
import org.rnn4j.model.Pooling;
import org.rnn4j.model.Seq;
import org.rnn4j.model.Trainer;
import org.rnn4j.task.Task;

/**
 * The training report next to the model: {@code NAME.report.html} with the charts embedded, the charts as PNGs
 * (XChart), and {@code NAME.report.json} with the numbers behind them. Charts: training and validation loss per
 * epoch, the validation metric per epoch, the confusion matrix (classify, tag), and the gradient flow — the norm
 * of ∂L/∂h_t for every step t, averaged over a validation batch (recurrent many-to-one and many-to-many models).
 */
final class Report {
    /** The report's numbers in snake_case, as the JSON API and {@code evaluate --json} name theirs ({@code train_loss}, {@code learning_rate}). */
    static final com.fasterxml.jackson.databind.ObjectMapper JSON = RunSpec.JSON.copy()
            .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE);

    private Report() {}

    static String base(Path model) {
        String name = model.getFileName().toString();
        return name.endsWith(".safetensors") ? name.substring(0, name.length() - ".safetensors".length()) : name;
    }

    /**
     * @param dir  where the report's files go
     * @param kept which epoch the model file holds, by which score, and why training stopped
     */
    static <X, Y, M extends Model<X, Y>> Path write(Path dir, Path modelFile, RunSpec spec, String kept, Task<X, Y, M> task, M model, List<Trainer.Epoch> history,
                             Supplier<Stream<Example<X, Y>>> data) throws IOException {
        Files.createDirectories(dir);
        String base = base(modelFile);
        ObjectNode json = RunSpec.JSON.createObjectNode();
        List<String> sections = new ArrayList<>();

        double[] epochs = history.stream().mapToDouble(Trainer.Epoch::epoch).toArray();
        XYChart loss = new XYChartBuilder().width(720).height(400).title("Loss per epoch").xAxisTitle("epoch").yAxisTitle("loss").build();
        loss.addSeries("training", epochs, history.stream().mapToDouble(Trainer.Epoch::trainLoss).toArray()).setMarker(SeriesMarkers.CIRCLE);
        if (history.stream().allMatch(e -> e.valid() != null)) {
            loss.addSeries("validation", epochs, history.stream().mapToDouble(e -> e.valid().get("loss")).toArray()).setMarker(SeriesMarkers.CIRCLE);
        }
        sections.add(chart(dir, base + ".loss.png", loss, "Loss", "Mean loss of every epoch on the training data, and on the validation data after the epoch."));
        json.putPOJO("history", history);
        json.put("kept", kept);
        json.putPOJO("settings", spec);

        String metric = mainMetric(history, spec.training().monitor());
        if (metric != null) {
            XYChart m = new XYChartBuilder().width(720).height(400).title("Validation " + metric).xAxisTitle("epoch").yAxisTitle(metric).build();
            m.addSeries(metric, epochs, history.stream().mapToDouble(e -> e.valid().get(metric)).toArray()).setMarker(SeriesMarkers.CIRCLE);
            sections.add(chart(dir, base + ".metric.png", m, "Validation " + metric, "The task's main score on the validation data after every epoch."));
        }

        Scores finalMetrics;
        try (Stream<Example<X, Y>> s = data.get()) {
            finalMetrics = task.evaluate(model, s);
        }
        json.putPOJO("metrics", finalMetrics);
        if (finalMetrics instanceof ClassificationScores c) sections.add(confusionChart(dir, base, c.confusion(), c.labels()));

        double[][] flow = gradientFlow(model, data);
        if (flow.length > 0 && flow[0].length > 0) {
            json.putPOJO("gradient_flow", flow);
            int steps = flow[0].length;
            double low = Double.MAX_VALUE, high = 0;
            for (double[] row : flow) {
                for (double v : row) {
                    if (v > 0) low = Math.min(low, v);
                    high = Math.max(high, v);
                }
            }
            boolean decades = high / low > 100;                            // then plot log10, which labels evenly
            XYChart g = new XYChartBuilder().width(720).height(400).title("Gradient flow: ‖∂L/∂h_t‖ per step").xAxisTitle("step t")
                    .yAxisTitle(decades ? "log10 of mean ‖∂L/∂h_t‖" : "mean ‖∂L/∂h_t‖").build();
            if (!decades) g.getStyler().setYAxisDecimalPattern("0.###E0");
            double[] positions = new double[steps];
            for (int t = 0; t < steps; t++) positions[t] = t + 1;
            String cell = spec.architecture().cell().name();
            for (int d = 0; d < flow.length; d++) {
                double[] shown = new double[steps];
                for (int t = 0; t < steps; t++) shown[t] = decades ? Math.log10(Math.max(flow[d][t], 1e-45)) : flow[d][t];   // float32 underflows below 1e-45
                g.addSeries(flow.length == 1 ? cell : cell + (d == 0 ? ", left to right" : ", right to left"), positions, shown).setMarker(SeriesMarkers.NONE);
            }
            String ratio = String.format("%.3g", flow[0][0] / flow[0][steps - 1]);
            sections.add(chart(dir, base + ".gradient-flow.png", g, "Gradient flow",
                    "How strongly the loss reaches back to each step: the norm of ∂L/∂h_t (the sum over all paths from O_t to the loss), "
                            + "averaged over a validation batch" + (decades ? ", on a log scale" : "") + (model instanceof org.rnn4j.model.Seq2Seq ? ", for the encoder's states" : "")
                            + ". A simple RNN's curve falls steeply towards the first steps "
                            + "(vanishing gradients); an LSTM or GRU keeps it much flatter. Ratio first/last step"
                            + (flow.length == 2 ? " (left to right)" : "") + ": " + ratio + "."));
        }

        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>rnn4j report: ").append(esc(base)).append("</title>")
                .append("<style>body{font-family:sans-serif;max-width:820px;margin:2em auto;color:#222}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}img{max-width:100%}</style></head><body>")
                .append("<h1>Training report: ").append(esc(base)).append("</h1>")
                .append("<p>Task <b>").append(esc(spec.task())).append("</b>, data ").append(esc(spec.train())).append(", ")
                .append(spec.architecture().cell()).append(" H=").append(spec.architecture().hidden()).append(" L=").append(spec.architecture().layers())
                .append(spec.architecture().bidirectional() ? " bidirectional" : "").append(", ").append(history.size()).append(" epochs, seed ")
                .append(spec.seed()).append(".</p><h2>Final scores (best model, ").append(spec.valid() != null || spec.validSplit() > 0 ? "validation" : "training")
                .append(" data)</h2><table>");
        finalMetrics.scalars().forEach((k, v) -> html.append("<tr><th>").append(esc(k)).append("</th><td>").append(String.format("%.4f", v)).append("</td></tr>"));
        html.append("</table><p>").append(esc(kept)).append("</p><h2>Settings</h2><p>Model: <code>").append(esc(RunSpec.JSON.writeValueAsString(spec.architecture())))
                .append("</code></p><p>Training: <code>").append(esc(RunSpec.JSON.writeValueAsString(spec.training()))).append("</code></p>");
        sections.forEach(html::append);
        html.append("</body></html>\n");
        Path out = dir.resolve(base + ".report.html");
        AtomicFile.write(out, html.toString().getBytes(StandardCharsets.UTF_8));
        AtomicFile.write(dir.resolve(base + ".report.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
        return out;
    }

    /** The monitored validation score, or else the first of the usual ones the history has. */
    private static String mainMetric(List<Trainer.Epoch> history, Monitor monitor) {
        if (history.isEmpty() || history.get(0).valid() == null) return null;
        Map<String, Double> scores = history.get(0).valid();
        if (monitor.validation() && !monitor.metric().equals("loss") && scores.containsKey(monitor.metric())) return monitor.metric();
        for (String k : new String[] {"accuracy", "bpc", "perplexity", "token_error_rate", "exact_match", "mae", "rmse"}) if (scores.containsKey(k)) return k;
        return null;
    }

    private static String confusionChart(Path dir, String base, long[][] confusion, List<String> labels) throws IOException {
        int k = labels.size();
        int[][] z = new int[k][k];
        for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) z[j][i] = (int) confusion[i][j];   // HeatMap z[x][y]: x predicted, y true
        HeatMapChart chart = new HeatMapChartBuilder().width(560).height(480).title("Confusion matrix (rows: true, columns: predicted)")
                .xAxisTitle("predicted").yAxisTitle("true").build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setPlotContentSize(1);
        chart.addSeries("count", labels, labels, toNumbers(z));                       // the axes read the class names
        return chart(dir, base + ".confusion.png", chart, "Confusion matrix", "Counts of validation examples by true class (rows) and predicted class (columns).");
    }

    private static List<Number[]> toNumbers(int[][] z) {
        List<Number[]> out = new ArrayList<>();
        for (int x = 0; x < z.length; x++) for (int y = 0; y < z[x].length; y++) out.add(new Number[] {x, y, z[x][y]});
        return out;
    }

    private static <X, Y> double[][] gradientFlow(Model<X, Y> model, Supplier<Stream<Example<X, Y>>> data) {
        List<Example<X, Y>> batch;
        try (Stream<Example<X, Y>> s = data.get()) {
            batch = s.limit(64).toList();
        }
        return model.gradientFlow(batch.stream().map(Example::x).toList(), batch.stream().map(Example::y).toList());
    }

    private static String chart(Path dir, String file, Chart<?, ?> chart, String title, String caption) throws IOException {
        byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        AtomicFile.write(dir.resolve(file), png);
        String data = Base64.getEncoder().encodeToString(png);
        return "<h2>" + esc(title) + "</h2><p>" + caption + "</p><img alt=\"" + esc(title) + "\" src=\"data:image/png;base64," + data + "\">";
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
