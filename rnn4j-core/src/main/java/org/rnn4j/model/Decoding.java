package org.rnn4j.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Turns a model that scores the next token into sequences: greedy, sampling with temperature and top-k, and beam
 * search with length normalisation. Every generating model (language model, one-to-many, encoder-decoder) exposes
 * a {@link Generator}; these strategies are written once, here.
 */
public final class Decoding {
    private Decoding() {}

    /**
     * A model seen one token at a time. States are never modified, so beams can share and branch them.
     *
     * @param <S> the model's state between tokens
     */
    public interface Generator<S> {
        /** The state before the first generated token and that token's logits [V]. */
        Step<S> start();

        /** Feeds {@code token} after {@code state}; returns the new state and the next token's logits [V]. */
        Step<S> next(S state, int token);
    }

    /** A state and the logits [V] of the token that follows it. */
    public record Step<S>(S state, float[] logits) {}

    /**
     * A generated sequence.
     *
     * @param tokens   the tokens, without the end-of-sequence token
     * @param logProb  Σ log p of the tokens (and of the end token when finished)
     * @param score    logProb / length^α, the quantity beams are ranked by (length counts the end token)
     * @param finished whether it ended with the end-of-sequence token rather than at the length limit
     */
    public record Hypothesis(int[] tokens, double logProb, double score, boolean finished) {}

    /** How to choose each next token. */
    public sealed interface Strategy {}

    /** The most likely token at every step. */
    public record Greedy() implements Strategy {}

    /**
     * A token drawn from softmax(logits / temperature), restricted to the {@code topK} most likely (0: all).
     */
    public record Sample(double temperature, int topK) implements Strategy {
        public Sample {
            if (!(temperature > 0)) throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
            if (topK < 0) throw new IllegalArgumentException("top-k must be ≥ 0, got " + topK);
        }
    }

    /**
     * Beam search keeping the {@code width} most likely partial sequences; finished ones are ranked by
     * logProb / length^{@code lengthPenalty} (0: raw log-probability, 1: mean per token).
     */
    public record Beam(int width, double lengthPenalty) implements Strategy {
        public Beam {
            if (width < 1) throw new IllegalArgumentException("beam width must be ≥ 1, got " + width);
            if (!(lengthPenalty >= 0)) throw new IllegalArgumentException("length penalty must be ≥ 0, got " + lengthPenalty);
        }
    }

    /**
     * Generates up to {@code maxLength} tokens, stopping at {@code eos} (use -1 for none).
     *
     * @return one hypothesis for greedy and sampling, the best {@code width} (best first) for beam search
     */
    public static <S> List<Hypothesis> run(Generator<S> g, Strategy strategy, int eos, int maxLength, RandomGenerator rng) {
        if (maxLength < 0) throw new IllegalArgumentException("max length must be ≥ 0, got " + maxLength);
        if (strategy instanceof Beam b) return beam(g, b, eos, maxLength);
        List<Integer> tokens = new ArrayList<>();
        Step<S> step = g.start();
        double logProb = 0;
        boolean finished = false;
        while (tokens.size() < maxLength) {
            double[] lp = logSoftmax(step.logits(), 1.0);
            int token = strategy instanceof Sample s ? sample(step.logits(), s, rng) : argmax(lp);
            logProb += lp[token];
            if (token == eos) {
                finished = true;
                break;
            }
            tokens.add(token);
            if (tokens.size() < maxLength) step = g.next(step.state(), token);
        }
        int[] out = tokens.stream().mapToInt(Integer::intValue).toArray();
        return List.of(new Hypothesis(out, logProb, logProb, finished));
    }

    private record Partial<S>(int[] tokens, double logProb, Step<S> step) {}

    private record Candidate(int beam, int token, double logProb) {}

    private static <S> List<Hypothesis> beam(Generator<S> g, Beam b, int eos, int maxLength) {
        List<Partial<S>> live = List.of(new Partial<>(new int[0], 0, g.start()));
        List<Hypothesis> done = new ArrayList<>();
        for (int len = 0; len < maxLength && !live.isEmpty(); len++) {
            List<Candidate> cands = new ArrayList<>();
            for (int i = 0; i < live.size(); i++) {
                double[] lp = logSoftmax(live.get(i).step().logits(), 1.0);
                for (int v = 0; v < lp.length; v++) cands.add(new Candidate(i, v, live.get(i).logProb() + lp[v]));
            }
            cands.sort(Comparator.comparingDouble(Candidate::logProb).reversed());     // stable: ties keep beam, then token order
            List<Partial<S>> next = new ArrayList<>();
            for (Candidate c : cands.subList(0, Math.min(b.width(), cands.size()))) {
                Partial<S> from = live.get(c.beam());
                if (c.token() == eos) {
                    done.add(new Hypothesis(from.tokens(), c.logProb(), normalise(c.logProb(), from.tokens().length + 1, b), true));
                    continue;
                }
                int[] tokens = java.util.Arrays.copyOf(from.tokens(), from.tokens().length + 1);
                tokens[tokens.length - 1] = c.token();
                Step<S> step = tokens.length < maxLength ? g.next(from.step().state(), c.token()) : null;
                next.add(new Partial<>(tokens, c.logProb(), step));
            }
            live = next;
            if (done.size() >= b.width() && settled(done, live, b)) break;
        }
        for (Partial<S> p : live) done.add(new Hypothesis(p.tokens(), p.logProb(), normalise(p.logProb(), p.tokens().length, b), false));
        done.sort(Comparator.comparingDouble(Hypothesis::score).reversed());
        return List.copyOf(done.subList(0, Math.min(b.width(), done.size())));
    }

    /**
     * Whether no live hypothesis is likely to enter the best {@code width} finished ones: the best live one, scored
     * as if it ended now, ranks below the width-th best finished one (the stopping rule of Hugging Face's beam
     * search). Exact without length normalisation, as log-probabilities only fall; with it, a hypothesis whose
     * later tokens were all more likely than its mean could still have entered.
     */
    private static <S> boolean settled(List<Hypothesis> done, List<Partial<S>> live, Beam b) {
        double[] scores = done.stream().mapToDouble(Hypothesis::score).sorted().toArray();
        double worstKept = scores[scores.length - b.width()], bestLive = Double.NEGATIVE_INFINITY;
        for (Partial<S> p : live) bestLive = Math.max(bestLive, normalise(p.logProb(), p.tokens().length, b));
        return bestLive < worstKept;
    }

    private static double normalise(double logProb, int length, Beam b) {
        return length == 0 || b.lengthPenalty() == 0 ? logProb : logProb / Math.pow(length, b.lengthPenalty());
    }

    /** log softmax(logits / temperature), in double. */
    static double[] logSoftmax(float[] logits, double temperature) {
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (float v : logits) max = Math.max(max, v / temperature);
        for (float v : logits) sum += Math.exp(v / temperature - max);
        double lse = max + Math.log(sum);
        double[] out = new double[logits.length];
        for (int i = 0; i < out.length; i++) out[i] = logits[i] / temperature - lse;
        return out;
    }

    static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }

    private static int sample(float[] logits, Sample s, RandomGenerator rng) {
        double[] lp = logSoftmax(logits, s.temperature());
        if (s.topK() > 0 && s.topK() < lp.length) {
            double[] sorted = lp.clone();
            java.util.Arrays.sort(sorted);
            double cut = sorted[sorted.length - s.topK()];
            int kept = 0;
            for (int i = 0; i < lp.length; i++) {
                if (lp[i] < cut || kept == s.topK()) lp[i] = Double.NEGATIVE_INFINITY;
                else kept++;
            }
        }
        double total = 0;
        for (double v : lp) total += Math.exp(v);
        double u = rng.nextDouble() * total, acc = 0;
        int last = 0;
        for (int i = 0; i < lp.length; i++) {
            if (lp[i] == Double.NEGATIVE_INFINITY) continue;
            acc += Math.exp(lp[i]);
            last = i;
            if (u < acc) return i;
        }
        return last;
    }
}
