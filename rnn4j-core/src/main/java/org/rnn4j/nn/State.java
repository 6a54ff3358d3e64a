package org.rnn4j.nn;

import org.rnn4j.tensor.Tensor;

/**
 * The recurrent state of a layer or stack, as PyTorch returns it: {@code h} [N, B, H] with N = L·D entries
 * ordered layer by layer, forward direction before reverse; {@code c} [N, B, H] for LSTM, null for cells
 * that have no cell state.
 */
public record State(Tensor h, Tensor c) {

    /** Entries [from, from + count) of this state, as a state of its own. */
    public State slice(int from, int count) {
        return new State(sliceOf(h, from, count), c == null ? null : sliceOf(c, from, count));
    }

    /** Concatenates states along N. Every part has a {@code c} or none does. */
    public static State concat(java.util.List<State> parts) {
        boolean hasC = parts.get(0).c() != null;
        return new State(concatOf(parts.stream().map(State::h).toList()), hasC ? concatOf(parts.stream().map(State::c).toList()) : null);
    }

    private static Tensor sliceOf(Tensor t, int from, int count) {
        if (t == null) return null;
        int per = t.size() / t.dim(0);
        float[] out = new float[per * count];
        System.arraycopy(t.data(), from * per, out, 0, out.length);
        return new Tensor(out, count, t.dim(1), t.dim(2));
    }

    private static Tensor concatOf(java.util.List<Tensor> ts) {
        if (ts.stream().anyMatch(t -> t == null)) return null;
        int n = ts.stream().mapToInt(t -> t.dim(0)).sum();
        Tensor first = ts.get(0);
        Tensor out = Tensor.zeros(n, first.dim(1), first.dim(2));
        int off = 0;
        for (Tensor t : ts) {
            System.arraycopy(t.data(), 0, out.data(), off, t.size());
            off += t.size();
        }
        return out;
    }
}
