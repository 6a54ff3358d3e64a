package org.rnn4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.nn.CellType;
import org.rnn4j.nn.Dense;
import org.rnn4j.nn.Embedding;
import org.rnn4j.nn.Loss;
import org.rnn4j.nn.Param;
import org.rnn4j.nn.RnnStack;
import org.rnn4j.nn.SequenceLayer;
import org.rnn4j.nn.SoftmaxCrossEntropy;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.testing.Check;
import org.rnn4j.testing.Golden;

/** Embedding → LSTM → Dense at every step → masked cross-entropy, end to end against PyTorch. */
class CompositeParityTest {

    @Test
    void embeddingLstmDenseMaskedCrossEntropy() {
        Golden g = Golden.load("composite_embedding_lstm_dense");
        int B = g.integer("B"), T = g.integer("T"), V = g.integer("V"), E = g.integer("E"), H = g.integer("H"), C = g.integer("C");
        SplittableRandom rng = new SplittableRandom(1);
        Compute compute = Compute.auto();
        Embedding emb = new Embedding(V, E, compute, rng);
        RnnStack rnn = new RnnStack(RnnStack.Config.of(CellType.LSTM, E, H), compute, rng);
        Dense fc = new Dense(H, C, compute, rng);
        load(emb.params().get(0).withPrefix("embedding."), g);
        rnn.params().forEach(p -> load(p.withPrefix("rnn."), g));
        fc.params().forEach(p -> load(p.withPrefix("fc."), g));
        int[] lengths = g.ints("lengths");

        SequenceLayer.Output out = rnn.forward(emb.forward(g.ints("ids"), B, T), lengths, null, null);
        Tensor logits = fc.forward(out.out());
        Check.close("logits", g.floats("logits"), logits.data(), 1e-4);
        Loss.Result loss = new SoftmaxCrossEntropy(compute).evaluate(logits, g.ints("target"));
        assertEquals(g.number("loss"), loss.value(), 1e-5);
        emb.backward(rnn.backward(fc.backward(loss.grad()), null).dx());

        Check.close("embedding.weight", grad(g, "embedding.weight"), emb.params().get(0).grad().data(), 1e-4);
        for (Param p : rnn.params()) Check.close("rnn." + p.name(), grad(g, "rnn." + p.name()), p.grad().data(), 1e-4);
        for (Param p : fc.params()) Check.close("fc." + p.name(), grad(g, "fc." + p.name()), p.grad().data(), 1e-4);
    }

    static void load(Param p, Golden g) {
        float[] v = Golden.floats(g.node("params").get(p.name()));
        assertEquals(p.value().size(), v.length, p.name());
        System.arraycopy(v, 0, p.value().data(), 0, v.length);
    }

    static float[] grad(Golden g, String name) { return Golden.floats(g.node("grads").get(name)); }
}
