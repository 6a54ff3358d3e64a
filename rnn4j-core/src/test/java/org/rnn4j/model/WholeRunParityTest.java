package org.rnn4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.tensor.Tensor;

/**
 * rnn4j learns what PyTorch learns: five whole trainings of 300 steps ({@link WholeRun}: a two-layer LSTM language
 * model with Adam, clipping, weight decay and a decaying learning rate; a GRU encoder-decoder with attention; a
 * bidirectional LSTM tagger with AdamW; the simple RNN with plain SGD and BCE; the translation example's
 * bidirectional LSTM encoder-decoder with general attention), each at sizes that take the fast
 * paths on two threads, from the same initial weights on the same batches as PyTorch trained them
 * ({@code tools/whole-run-parity.sh}). Every step's loss agrees within 1e-4 relative, and every final tensor's
 * norm and checksum within 1e-3.
 */
class WholeRunParityTest {
    static Stream<WholeRun.Case<?, ?>> cases() {
        return WholeRun.cases().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyStepAndTheFinalWeightsAgreeWithPyTorch(WholeRun.Case<?, ?> c) throws Exception {
        JsonNode golden;
        try (InputStream in = WholeRunParityTest.class.getResourceAsStream("/golden/whole_run/" + c.name() + ".json")) {
            golden = new ObjectMapper().readTree(in);
        }
        WholeRun.Result r = replay(c);
        JsonNode losses = golden.get("losses");
        assertEquals(losses.size(), r.losses().length, "steps");
        assertEquals(WholeRun.STEPS, r.losses().length, "steps");
        double worst = 0;
        for (int s = 0; s < r.losses().length; s++) {
            double theirs = losses.get(s).asDouble(), diff = Math.abs(r.losses()[s] - theirs) / Math.abs(theirs);
            worst = Math.max(worst, diff);
            assertTrue(diff < 1e-4, c.name() + " step " + (s + 1) + ": rnn4j " + r.losses()[s] + ", PyTorch " + theirs);
        }
        assertTrue(r.losses()[r.losses().length - 1] < 0.9 * r.losses()[0], c.name() + " learned: " + r.losses()[0] + " → " + r.losses()[r.losses().length - 1]);
        JsonNode weights = golden.get("weights");
        assertEquals(weights.size(), r.weights().size(), "tensors");
        for (Map.Entry<String, Tensor> e : r.weights().entrySet()) {
            JsonNode w = weights.get(e.getKey());
            assertTrue(w != null, "PyTorch has " + e.getKey());
            double[] ours = normAndChecksum(e.getValue().data());
            assertEquals(w.get("norm").asDouble(), ours[0], 1e-3 * w.get("norm").asDouble(), c.name() + " " + e.getKey() + " norm");
            assertEquals(w.get("checksum").asDouble(), ours[1], 1e-3 * w.get("scale").asDouble(), c.name() + " " + e.getKey() + " checksum");
        }
        System.out.printf("%s: %d steps, largest relative loss difference %.1e%n", c.name(), r.losses().length, worst);
    }

    private static <X, Y> WholeRun.Result replay(WholeRun.Case<X, Y> c) throws Exception {
        return WholeRun.train(c, c.model().get(), null);
    }

    /** The L2 norm and the checksum sum(w_i · r_i), r_i = ((i · 2654435761) mod 1000) / 1000 − 0.5, as tools/whole_run_parity.py computes them. */
    static double[] normAndChecksum(float[] w) {
        double norm = 0, sum = 0;
        for (int i = 0; i < w.length; i++) {
            norm += (double) w[i] * w[i];
            sum += w[i] * ((((long) i * 2654435761L) % 1000) / 1000.0 - 0.5);
        }
        return new double[] {Math.sqrt(norm), sum};
    }

    @org.junit.jupiter.api.Test
    void theFiveConfigurationsAreTheOnesAskedFor() {
        List<String> names = WholeRun.cases().stream().map(WholeRun.Case::name).toList();
        assertEquals(List.of("lstm_lm", "gru_seq2seq_attention", "bilstm_tagger", "simple_rnn_many_to_one", "bilstm_seq2seq_attention"), names);
    }
}
