package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.rnn4j.data.Tokenizer;
import org.rnn4j.model.Pooling;
import org.rnn4j.nn.Attention;
import org.rnn4j.nn.CellType;
import org.rnn4j.task.DataOptions;
import org.rnn4j.task.Format;
import org.rnn4j.task.ModelOptions;
import org.rnn4j.train.Monitor;
import org.rnn4j.train.Training;

/** The settings a report and inspect show are those of the run's task, input and cell: nothing that does not apply. */
class SettingsTest {
    static RunSpec spec(String task, Format format, CellType cell, Attention.Score attention) {
        return new RunSpec(task, "train." + format.name().toLowerCase(), null, 0.1, "m.safetensors",
                new DataOptions(format, null, Tokenizer.SPLIT, 1, 0, 256, null, 20, 1, null, true, 64),
                new ModelOptions(cell, 64, 2, false, 32, 0.1f, attention, Pooling.MEAN, 3, List.of(16, 32), null),
                new Training(5, 32, Training.Method.ADAM, 0.002, 0.9, 5, 0, 3, Monitor.VAL_LOSS, 0, Training.IN_MEMORY), 7, null, false, 0, null);
    }

    static Map<String, String> rows(RunSpec spec, Tokenizer tokens) {
        return Settings.of(spec, tokens).stream().collect(Collectors.toMap(Settings.Row::option, Settings.Row::value, (a, b) -> a, java.util.LinkedHashMap::new));
    }

    @Test
    void aTranslatorShowsItsAttentionAndTargetTokensButNoPoolingOrImages() {
        Map<String, String> r = rows(spec("seq2seq", Format.TSV, CellType.GRU, Attention.Score.GENERAL), Tokenizer.CHARS);
        assertEquals("general", r.get("--attention"));
        assertEquals("split", r.get("--target-tokens"));
        assertEquals("chars", r.get("--tokens"));
        assertEquals("× 0.9 per epoch", r.get("--lr-decay"));
        for (String absent : List.of("--pooling", "--kernel", "--filters", "--image-size", "--forget-bias", "--window", "--max-length")) assertFalse(r.containsKey(absent), absent + " in " + r);
    }

    @Test
    void aCaptionerOfImagesShowsItsConvolutionsAndALanguageModelItsMaxLength() {
        Map<String, String> images = rows(spec("caption", Format.TSV, CellType.LSTM, null), null);
        assertEquals("16,32", images.get("--filters"));
        assertEquals("3", images.get("--kernel"));
        assertEquals("64 pixels", images.get("--image-size"));
        assertEquals("drawn like the other biases", images.get("--forget-bias"));
        assertFalse(images.containsKey("--tokens") || images.containsKey("--embedding") || images.containsKey("--attention"), images.toString());
        Map<String, String> lm = rows(spec("lm", Format.TXT, CellType.LSTM, null), Tokenizer.CHARS);
        assertEquals("256", lm.get("--max-length"));
        assertFalse(lm.containsKey("--pooling") || lm.containsKey("--target-tokens"), lm.toString());
    }

    @Test
    void aSeriesShowsItsWindowAndItsStandardisation() {
        Map<String, String> r = rows(spec("regress", Format.CSV, CellType.RNN_TANH, null), null);
        assertEquals("20", r.get("--window"));
        assertEquals("1", r.get("--horizon"));
        assertEquals("yes", r.get("standardised"));
        assertEquals("mean", r.get("--pooling"));
        assertTrue(!r.containsKey("--embedding") && !r.containsKey("--forget-bias"), r.toString());
        assertEquals("1 in 10 examples of --train held out", r.get("--valid"));
    }

    @Test
    void numbersReadAsTheyAreWritten() {
        assertEquals("0.002", Settings.fmt(0.002));
        assertEquals("5", Settings.fmt(5));
        assertEquals("1e-05", Settings.fmt(1e-5));
        assertEquals("0.3", Settings.fmt(0.3f));
    }
}
