package org.rnn4j.nn;

import java.util.List;
import java.util.random.RandomGenerator;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Kernels;
import org.rnn4j.tensor.Tensor;

/**
 * Attention of decoder states (queries q [B, Tq, Hq]) over encoder outputs (keys s [B, Ts, Hk]):
 * {@code a_ij = softmax_j(score(q_i, s_j))} over the true source steps only, {@code c_i = Σ_j a_ij s_j}.
 * Weights on padded source steps are exactly zero. Scores:
 * <ul>
 *   <li>{@link Score#DOT} (Luong): {@code q·s}, needs Hq = Hk;</li>
 *   <li>{@link Score#GENERAL} (Luong): {@code q·(W s)}, {@code weight} [Hq, Hk];</li>
 *   <li>{@link Score#ADDITIVE} (Bahdanau): {@code v·tanh(W_q q + W_k s)}, {@code query.weight} [A, Hq],
 *       {@code key.weight} [A, Hk], {@code v} [A], A = Hq.</li>
 * </ul>
 */
public final class Attention {

    /** The score function. */
    public enum Score { DOT, GENERAL, ADDITIVE }

    /** Encoder outputs to attend over: {@code keys} [B, Ts, Hk] and the true source lengths int[B]. */
    public record Memory(Tensor keys, int[] lengths) {}

    /** Gradients of a backward pass: ∂L/∂q [B, Tq, Hq] and ∂L/∂keys [B, Ts, Hk]. */
    public record Grads(Tensor dQuery, Tensor dKeys) {}

    private final Score score;
    private final int hq, hk;
    private final Compute compute;
    private final Param weight, queryWeight, keyWeight, v;
    private final java.util.Map<Param, Transposed> transposed = new java.util.IdentityHashMap<>();   // of the projections' weights
    // the latest forward
    private Tensor q, proj, weights, qa, u;
    private Memory memory;

    public Attention(Score score, int queryDim, int keyDim, Compute compute, RandomGenerator rng) {
        if (score == Score.DOT && queryDim != keyDim) {
            throw new IllegalArgumentException("dot attention needs equal decoder and encoder widths, got " + queryDim + " and " + keyDim + "; use GENERAL or ADDITIVE");
        }
        this.score = score;
        this.hq = queryDim;
        this.hk = keyDim;
        this.compute = compute;
        float bk = (float) (1 / Math.sqrt(keyDim)), bq = (float) (1 / Math.sqrt(queryDim));
        this.weight = score == Score.GENERAL ? new Param("weight", uniform(rng, bk, queryDim, keyDim)) : null;
        this.queryWeight = score == Score.ADDITIVE ? new Param("query.weight", uniform(rng, bq, queryDim, queryDim)) : null;
        this.keyWeight = score == Score.ADDITIVE ? new Param("key.weight", uniform(rng, bk, queryDim, keyDim)) : null;
        this.v = score == Score.ADDITIVE ? new Param("v", uniform(rng, bq, queryDim)) : null;
    }

    private static Tensor uniform(RandomGenerator rng, float bound, int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) t.data()[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        return t;
    }

    public List<Param> params() {
        return switch (score) {
            case DOT -> List.of();
            case GENERAL -> List.of(weight);
            case ADDITIVE -> List.of(queryWeight, keyWeight, v);
        };
    }

    /** The attention weights [B, Tq, Ts] of the latest forward. */
    public Tensor weights() { return weights; }

    /**
     * @param query [B, Tq, Hq]
     * @return the context [B, Tq, Hk]
     */
    public Tensor forward(Tensor query, Memory m) {
        int b = query.dim(0), tq = query.dim(1), ts = m.keys().dim(1);
        m.keys().requireShape("attention keys", b, ts, hk);
        if (m.lengths().length != b) throw new IllegalArgumentException("attention: " + m.lengths().length + " source lengths for a batch of " + b);
        this.q = query;
        this.memory = m;
        Kernels k = compute.kernels();
        Tensor scores = Tensor.zeros(b, tq, ts);
        if (score == Score.ADDITIVE) {
            proj = project(m.keys(), keyWeight, b * ts);            // W_k s  [B, Ts, A]
            qa = project(query, queryWeight, b * tq);               // W_q q  [B, Tq, A]
            u = Tensor.zeros(b, tq, ts, hq);
            compute.parallelFor(b, 1, (from, to) -> additiveScores(from, to, tq, ts, scores, k));
        } else {
            proj = score == Score.GENERAL ? project(m.keys(), weight, b * ts) : m.keys();   // K [B, Ts, Hq]
            compute.parallelFor(b, 1, (from, to) -> {
                float[] kT = new float[hq * ts];
                for (int i = from; i < to; i++) {
                    k.transpose(proj.data(), i * ts * hq, ts, hq, kT, 0);
                    k.matmul(query.data(), i * tq * hq, kT, 0, scores.data(), i * tq * ts, tq, ts, hq);
                }
            });
        }
        weights = Tensor.zeros(b, tq, ts);
        Tensor context = Tensor.zeros(b, tq, hk);
        float[] lse = new float[1];
        for (int i = 0; i < b; i++) {
            int len = m.lengths()[i];
            if (len < 0 || len > ts) throw new IllegalArgumentException("source length " + len + " of sequence " + i + " is outside [0, " + ts + "]");
            if (len == 0) continue;
            for (int r = 0; r < tq; r++) {
                int off = (i * tq + r) * ts;
                k.softmax(scores.data(), off, weights.data(), off, lse, 1, len);
            }
            k.matmul(weights.data(), i * tq * ts, m.keys().data(), i * ts * hk, context.data(), i * tq * hk, tq, hk, ts);
        }
        return context;
    }

    private void additiveScores(int from, int to, int tq, int ts, Tensor scores, Kernels k) {
        float[] uu = u.data(), pq = qa.data(), pk = proj.data(), vv = v.value().data();
        for (int i = from; i < to; i++) {
            int len = memory.lengths()[i];
            for (int r = 0; r < tq; r++) {
                for (int j = 0; j < len; j++) {
                    int uo = ((i * tq + r) * ts + j) * hq, qo = (i * tq + r) * hq, ko = (i * ts + j) * hq;
                    for (int a = 0; a < hq; a++) uu[uo + a] = pq[qo + a] + pk[ko + a];
                    k.tanh(uu, uo, uu, uo, hq);
                    float sum = 0;
                    for (int a = 0; a < hq; a++) sum += vv[a] * uu[uo + a];
                    scores.data()[(i * tq + r) * ts + j] = sum;
                }
            }
        }
    }

    /** x [rows, in] · wᵀ where w is [out, in] → [rows, out], keeping x's leading dimensions. */
    private Tensor project(Tensor x, Param w, int rows) {
        int out = w.value().dim(0), in = w.value().dim(1);
        Transposed t = transposed.computeIfAbsent(w, p -> new Transposed(out, in));
        float[] wT = t.of(w.value(), compute);
        int[] shape = x.shape();
        shape[shape.length - 1] = out;
        Tensor y = Tensor.zeros(shape);
        if (t.lowPrecision() != null) compute.affine(x.data(), 0, t.lowPrecision(), null, y.data(), 0, rows);
        else compute.matmul(x.data(), 0, wT, 0, y.data(), 0, rows, out, in);
        return y;
    }

    /** Adds {@code w.grad += dyᵀ x} and returns {@code dy · w} [rows, in]. */
    private Tensor projectBackward(Tensor dy, Tensor x, Param w, int rows) {
        int out = w.value().dim(0), in = w.value().dim(1);
        compute.matmulTransAAdd(dy.data(), 0, x.data(), 0, w.grad().data(), 0, out, in, rows);
        Tensor dx = Tensor.zeros(x.shape());
        compute.matmul(dy.data(), 0, w.value().data(), 0, dx.data(), 0, rows, in, out);
        return dx;
    }

    /** @param dContext ∂L/∂context [B, Tq, Hk] of the latest forward */
    public Grads backward(Tensor dContext) {
        int b = q.dim(0), tq = q.dim(1), ts = memory.keys().dim(1);
        Kernels k = compute.kernels();
        Tensor dKeys = Tensor.zeros(b, ts, hk), dScores = Tensor.zeros(b, tq, ts);
        float[] a = weights.data(), ds = dScores.data();
        compute.parallelFor(b, 1, (from, to) -> {
            float[] keysT = new float[hk * ts], da = new float[tq * ts];
            for (int i = from; i < to; i++) {
                int len = memory.lengths()[i];
                if (len == 0) continue;
                // context = a · keys: ∂a = ∂c · keysᵀ, ∂keys += aᵀ · ∂c
                k.transpose(memory.keys().data(), i * ts * hk, ts, hk, keysT, 0);
                k.matmul(dContext.data(), i * tq * hk, keysT, 0, da, 0, tq, ts, hk);
                k.matmulTransAAdd(a, i * tq * ts, ts, dContext.data(), i * tq * hk, dKeys.data(), i * ts * hk, ts, hk, tq);
                // backprop through the softmax over the true steps: ∂s = a ⊙ (∂a - Σ a ∂a)
                for (int r = 0; r < tq; r++) {
                    int off = (i * tq + r) * ts;
                    double dot = 0;
                    for (int j = 0; j < len; j++) dot += a[off + j] * da[r * ts + j];
                    for (int j = 0; j < len; j++) ds[off + j] = a[off + j] * (da[r * ts + j] - (float) dot);
                }
            }
        });
        Tensor dq = Tensor.zeros(b, tq, hq);
        if (score == Score.ADDITIVE) {
            additiveBackward(dScores, dq, dKeys, b, tq, ts);
            return new Grads(dq, dKeys);
        }
        Tensor dProj = Tensor.zeros(b, ts, hq);
        compute.parallelFor(b, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                // score = q · Kᵀ: ∂q = ∂s · K, ∂K += ∂sᵀ · q
                k.matmul(ds, i * tq * ts, proj.data(), i * ts * hq, dq.data(), i * tq * hq, tq, hq, ts);
                k.matmulTransAAdd(ds, i * tq * ts, ts, q.data(), i * tq * hq, dProj.data(), i * ts * hq, ts, hq, tq);
            }
        });
        Tensor dFromProj = score == Score.GENERAL ? projectBackward(dProj, memory.keys(), weight, b * ts) : dProj;
        float[] dk = dKeys.data(), dp = dFromProj.data();
        for (int i = 0; i < dk.length; i++) dk[i] += dp[i];
        return new Grads(dq, dKeys);
    }

    private void additiveBackward(Tensor dScores, Tensor dq, Tensor dKeys, int b, int tq, int ts) {
        Tensor dQa = Tensor.zeros(b, tq, hq), dKp = Tensor.zeros(b, ts, hq);
        float[] uu = u.data(), ds = dScores.data(), vv = v.value().data(), dv = v.grad().data();
        float[] du = new float[hq];
        for (int i = 0; i < b; i++) {
            int len = memory.lengths()[i];
            for (int r = 0; r < tq; r++) {
                for (int j = 0; j < len; j++) {
                    float g = ds[(i * tq + r) * ts + j];
                    int uo = ((i * tq + r) * ts + j) * hq, qo = (i * tq + r) * hq, ko = (i * ts + j) * hq;
                    // score = v · u, u = tanh(W_q q + W_k s)
                    for (int a = 0; a < hq; a++) {
                        float ua = uu[uo + a];
                        dv[a] += g * ua;
                        du[a] = g * vv[a] * (1 - ua * ua);
                        dQa.data()[qo + a] += du[a];
                        dKp.data()[ko + a] += du[a];
                    }
                }
            }
        }
        Tensor dqFromProj = projectBackward(dQa, q, queryWeight, b * tq);
        System.arraycopy(dqFromProj.data(), 0, dq.data(), 0, dq.size());
        float[] dk = dKeys.data(), fromProj = projectBackward(dKp, memory.keys(), keyWeight, b * ts).data();
        for (int i = 0; i < dk.length; i++) dk[i] += fromProj[i];
    }
}
