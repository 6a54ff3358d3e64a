package org.rnn4j.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.tensor.Layout;
import org.rnn4j.tensor.Tensor;

/**
 * A forward layer and a reverse layer over the same input, outputs concatenated [B, T, 2H] (forward half
 * first, as PyTorch). The reverse layer reads each sequence reversed within its own length, so it starts at
 * the sequence's last true step; its outputs are reversed back. State entries: forward, then reverse.
 */
public final class Bidirectional implements SequenceLayer {
    private final Directional forward, reverse;
    private int[] lengths;
    private int steps;

    public Bidirectional(Directional forward, Directional reverse) {
        if (forward.inputSize() != reverse.inputSize() || forward.hidden() != reverse.hidden() || forward.cellType() != reverse.cellType()) {
            throw new IllegalArgumentException("the two directions of a bidirectional layer must have the same cell, F and H");
        }
        this.forward = forward;
        this.reverse = reverse;
    }

    @Override public int inputSize() { return forward.inputSize(); }

    @Override public int outputSize() { return 2 * forward.hidden(); }

    @Override public int stateCount() { return 2; }

    @Override
    public List<Param> params() {
        List<Param> ps = new ArrayList<>(forward.params());
        ps.addAll(reverse.params());
        return ps;
    }

    @Override
    public Output forward(Tensor x, int[] lengths, State init, RandomGenerator rng) {
        return both(x, lengths, init, (layer, in, s) -> layer.forward(in, lengths, s, rng));
    }

    @Override
    public Output infer(Tensor x, int[] lengths, State init) {
        return both(x, lengths, init, (layer, in, s) -> layer.infer(in, lengths, s));
    }

    @Override
    public State inferLast(Tensor x, int[] lengths, State init) {
        State f = forward.inferLast(x, lengths, init == null ? null : init.slice(0, 1));
        State r = reverse.inferLast(reversed(x, lengths), lengths, init == null ? null : init.slice(1, 1));
        return State.concat(List.of(f, r));
    }

    /** x [B, T, F] with each sequence reversed within its own length. */
    private static Tensor reversed(Tensor x, int[] lengths) {
        return new Tensor(Layout.reverseWithinLengths(x.data(), lengths, x.dim(1), x.dim(2)), x.shape());
    }

    /** The forward direction on x and the reverse one on x reversed within each length, their outputs side by side. */
    private Output both(Tensor x, int[] lengths, State init, Pass pass) {
        int B = x.dim(0), T = x.dim(1), H = forward.hidden();
        this.lengths = lengths.clone();
        this.steps = T;
        Output f = pass.run(forward, x, init == null ? null : init.slice(0, 1));
        Output r = pass.run(reverse, reversed(x, lengths), init == null ? null : init.slice(1, 1));
        float[] rOut = Layout.reverseWithinLengths(r.out().data(), lengths, T, H);
        Tensor out = Tensor.zeros(B, T, 2 * H);
        for (int row = 0; row < B * T; row++) {
            System.arraycopy(f.out().data(), row * H, out.data(), row * 2 * H, H);
            System.arraycopy(rOut, row * H, out.data(), row * 2 * H + H, H);
        }
        return new Output(out, State.concat(List.of(f.last(), r.last())));
    }

    @Override
    public Grads backward(Tensor dOut, State dLast) {
        int H = forward.hidden(), T = steps, B = lengths.length;
        Tensor dOutF = null, dOutR = null;
        if (dOut != null) {
            dOut.requireShape("Bidirectional dOut [B, T, 2H]", B, T, 2 * H);
            float[] f = new float[B * T * H], r = new float[B * T * H];
            for (int row = 0; row < B * T; row++) {
                System.arraycopy(dOut.data(), row * 2 * H, f, row * H, H);
                System.arraycopy(dOut.data(), row * 2 * H + H, r, row * H, H);
            }
            dOutF = new Tensor(f, B, T, H);
            dOutR = new Tensor(Layout.reverseWithinLengths(r, lengths, T, H), B, T, H);
        }
        Grads gf = forward.backward(dOutF, dLast == null ? null : dLast.slice(0, 1));
        Grads gr = reverse.backward(dOutR, dLast == null ? null : dLast.slice(1, 1));
        float[] dx = gf.dx().data(), dxr = Layout.reverseWithinLengths(gr.dx().data(), lengths, T, forward.inputSize());
        for (int i = 0; i < dx.length; i++) dx[i] += dxr[i];
        return new Grads(gf.dx(), State.concat(List.of(gf.dInit(), gr.dInit())));
    }

    /** [2][T]: the forward direction's, then the reverse direction's with its steps mapped back to input positions. */
    @Override
    public double[][] stateGradientNorms() {
        int T = steps;
        float[] byStep = reverse.stateGradientNormsByRow(), byPosition = Layout.reverseWithinLengths(byStep, lengths, T, 1);
        return new double[][] {forward.stateGradientNorms()[0], RecurrentLayer.meanOverRows(byPosition, lengths, T)};
    }
}
