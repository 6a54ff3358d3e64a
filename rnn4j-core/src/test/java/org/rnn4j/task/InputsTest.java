package org.rnn4j.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.rnn4j.data.Seq;
import org.rnn4j.train.Example;

/**
 * Scoring batches (evaluate, the validation of every epoch) keep the file's order and bound their padded size: a few
 * very long e-mails once made a batch of 256 × 5,000 steps that filled a 12 GB heap.
 */
class InputsTest {
    static Example<Seq, float[]> example(int i, int length) {
        return new Example<>(i, new Seq.Tokens(new int[length]), new float[] {i});
    }

    @Test
    void batchesBoundTheirPaddedStepsAndKeepTheOrder() {
        List<Example<Seq, float[]>> data = new ArrayList<>();
        IntStream.range(0, 600).forEach(i -> data.add(example(i, i % 100 == 0 ? 10_000 : 20)));
        List<List<Example<Seq, float[]>>> batches = new ArrayList<>();
        Inputs.batches(data.stream(), batches::add);
        List<Float> order = new ArrayList<>();
        for (List<Example<Seq, float[]>> b : batches) {
            int longest = b.stream().mapToInt(e -> e.x().length()).max().orElseThrow();
            assertTrue(b.size() <= Inputs.BATCH && (long) b.size() * longest <= Inputs.STEPS, b.size() + " examples of up to " + longest + " steps");
            b.forEach(e -> order.add(e.y()[0]));
        }
        assertEquals(IntStream.range(0, 600).mapToObj(i -> (float) i).toList(), order);
    }
}
