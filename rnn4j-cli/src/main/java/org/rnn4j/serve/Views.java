package org.rnn4j.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rnn4j.data.Labels;
import org.rnn4j.data.Seq;
import org.rnn4j.data.Vocabulary;
import org.rnn4j.model.HiddenStates;
import org.rnn4j.model.ManyToOne;
import org.rnn4j.model.Model;
import org.rnn4j.model.Seq2Seq;
import org.rnn4j.task.Encoder;
import org.rnn4j.task.Input;
import org.rnn4j.task.Labelled;
import org.rnn4j.task.Task;
import org.rnn4j.task.TaskModel;
import org.rnn4j.task.Translating;
import org.rnn4j.tensor.Tensor;

/**
 * What the page draws for one input, beside the prediction: the tokens as the model reads them, the recurrent
 * layer's output at every step (a heat map), how a classifier's prediction changes as it reads each token, and an
 * encoder-decoder's attention over the source for each word it writes.
 */
final class Views {
    static final Path REQUEST = Path.of("<request>");
    /** Prefixes re-read for a bidirectional classifier's strip, which cannot be streamed. */
    private static final int MAX_PREFIXES = 200;

    private Views() {}

    static ObjectNode of(TaskModel<Object, Object, Model<Object, Object>> tm, String line) {
        Task<Object, Object, Model<Object, Object>> task = tm.task();
        Encoder encoder = task.encoder();
        if (encoder == null || !(tm.model() instanceof HiddenStates watched)) {
            throw ApiError.badRequest("this model has no recurrent reading of its input to show (a bag-of-words baseline or a captioner)");
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.set("result", task.predict(tm.model(), line, REQUEST, 1));
        Input input = task.source().input(line, REQUEST, 1);
        Seq seq = encoder.encode(input, REQUEST, 1);
        if (seq.length() == 0) throw ApiError.badRequest("the input has no tokens this model reads");
        List<String> tokens = encoder instanceof Encoder.Words w ? w.tokens(input, REQUEST, 1) : steps(seq.length());
        out.set("tokens", Json.MAPPER.valueToTree(tokens));
        out.set("states", Json.MAPPER.valueToTree(watched.states(seq)));
        Task<?, ?, ?> kind = task;
        Model<?, ?> model = tm.model();
        if (kind instanceof Labelled c && model instanceof ManyToOne m) out.set("steps", strip(c.labels(), m, seq));
        if (kind instanceof Translating<?, ?> s && model instanceof Seq2Seq m) attention(s, m, seq, out);
        return out;
    }

    private static List<String> steps(int n) {
        List<String> names = new ArrayList<>();
        for (int t = 1; t <= n; t++) names.add("t" + t);
        return names;
    }

    /**
     * The class probabilities after each token: streamed through the recurrent state for a unidirectional model; for
     * a bidirectional one, each prefix read anew (the first {@value #MAX_PREFIXES}).
     */
    private static ArrayNode strip(Labels labels, ManyToOne m, Seq seq) {
        float[][] p;
        if (!m.config().rnn().bidirectional()) {
            p = m.stream().feed(seq);
        } else {
            List<Seq> prefixes = new ArrayList<>();
            for (int t = 1; t <= Math.min(seq.length(), MAX_PREFIXES); t++) {
                prefixes.add(seq instanceof Seq.Tokens k ? new Seq.Tokens(Arrays.copyOf(k.ids(), t)) : new Seq.Vectors(Arrays.copyOf(((Seq.Vectors) seq).steps(), t)));
            }
            p = m.predict(prefixes).toArray(float[][]::new);
        }
        ArrayNode steps = Json.MAPPER.createArrayNode();
        for (float[] row : p) {
            ObjectNode step = steps.addObject();
            for (int c = 0; c < row.length; c++) step.put(labels.name(c), row[c]);
        }
        return steps;
    }

    /** The greedy output read back with teacher forcing: weights [Tt + 1, Ts], the last row for the end token. */
    private static void attention(Translating<?, ?> task, Seq2Seq m, Seq seq, ObjectNode out) {
        int[] written = m.predict(seq, task.maxLength());
        m.logits(List.of(seq), List.of(written));
        Tensor w = m.attentionWeights();
        if (w == null) return;
        List<String> target = new ArrayList<>(task.written().vocab().decode(written));
        target.add(Vocabulary.RESERVED.get(Vocabulary.EOS));
        int rows = w.dim(1), cols = w.dim(2);
        float[][] weights = new float[rows][];
        for (int r = 0; r < rows; r++) weights[r] = Arrays.copyOfRange(w.data(), r * cols, (r + 1) * cols);
        ObjectNode a = out.putObject("attention");
        a.set("target", Json.MAPPER.valueToTree(target));
        a.set("weights", Json.MAPPER.valueToTree(weights));
    }
}
