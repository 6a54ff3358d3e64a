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

    /** The states of single sequences, each [N, 1, H], as one batch [N, B, H] in their order. */
    public static State batch(java.util.List<State> rows) {
        boolean hasC = rows.get(0).c() != null;
        return new State(batchOf(rows.stream().map(State::h).toList()), hasC ? batchOf(rows.stream().map(State::c).toList()) : null);
    }

    /** Sequence {@code b} of a batch [N, B, H], as [N, 1, H]. */
    public State row(int b) {
        return new State(rowOf(h, b), c == null ? null : rowOf(c, b));
    }

    private static Tensor batchOf(java.util.List<Tensor> rows) {
        int n = rows.get(0).dim(0), hidden = rows.get(0).dim(2), b = rows.size();
        Tensor out = Tensor.zeros(n, b, hidden);
        for (int i = 0; i < b; i++) {
            for (int l = 0; l < n; l++) System.arraycopy(rows.get(i).data(), l * hidden, out.data(), (l * b + i) * hidden, hidden);
        }
        return out;
    }

    private static Tensor rowOf(Tensor t, int row) {
        int n = t.dim(0), b = t.dim(1), hidden = t.dim(2);
        float[] out = new float[n * hidden];
        for (int l = 0; l < n; l++) System.arraycopy(t.data(), (l * b + row) * hidden, out, l * hidden, hidden);
        return new Tensor(out, n, 1, hidden);
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
