package org.rnn4j.task;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The scores {@code rnn4j evaluate} prints, computed from predictions and references. */
public final class Metrics {
    private Metrics() {}

    /**
     * Accuracy, precision / recall / F1 per class, their macro average, and the confusion matrix
     * ({@code confusion[true][predicted]}, rows and columns in the order of {@code labels}).
     *
     * @param loss the mean loss, reported with the scores
     */
    public static ClassificationScores classification(List<Integer> truth, List<Integer> predicted, List<String> labels, double loss) {
        int k = labels.size();
        long[][] confusion = new long[k][k];
        long right = 0;
        for (int i = 0; i < truth.size(); i++) {
            confusion[truth.get(i)][predicted.get(i)]++;
            if (truth.get(i).equals(predicted.get(i))) right++;
        }
        Map<String, ClassificationScores.PerClass> perClass = new LinkedHashMap<>();
        double f1Sum = 0;
        int present = 0;
        for (int c = 0; c < k; c++) {
            long tp = confusion[c][c], fp = 0, fn = 0;
            for (int o = 0; o < k; o++) {
                if (o == c) continue;
                fp += confusion[o][c];
                fn += confusion[c][o];
            }
            double p = tp + fp == 0 ? 0 : (double) tp / (tp + fp), r = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
            double f1 = p + r == 0 ? 0 : 2 * p * r / (p + r);
            if (tp + fn > 0) {
                f1Sum += f1;
                present++;
            }
            perClass.put(labels.get(c), new ClassificationScores.PerClass(p, r, f1, tp + fn));
        }
        return new ClassificationScores(loss, truth.isEmpty() ? 0 : (double) right / truth.size(), present == 0 ? 0 : f1Sum / present, truth.size(),
                perClass, List.copyOf(labels), confusion);
    }

    /** Mean absolute error and root mean squared error over every predicted value; {@code loss} is reported with them. */
    public static RegressionScores regression(List<float[]> truth, List<float[]> predicted, double loss) {
        double abs = 0, sq = 0;
        long n = 0;
        double[] byOutput = new double[truth.isEmpty() ? 0 : truth.get(0).length];
        for (int i = 0; i < truth.size(); i++) {
            for (int j = 0; j < truth.get(i).length; j++) {
                double d = (double) predicted.get(i)[j] - truth.get(i)[j];
                abs += Math.abs(d);
                byOutput[j] += Math.abs(d);
                sq += d * d;
                n++;
            }
        }
        for (int j = 0; j < byOutput.length; j++) byOutput[j] /= truth.size();
        return new RegressionScores(loss, abs / n, Math.sqrt(sq / n), truth.size(), byOutput);
    }

    /**
     * For generated sequences: exact match (whole sequence right), token error rate (Levenshtein distance over
     * tokens / reference length, summed over the corpus) and corpus BLEU-4 (uniform weights, brevity penalty;
     * n-gram orders 2-4 smoothed by adding one to numerator and denominator, Lin and Och 2004); and sacreBLEU's BLEU
     * and chrF of the texts {@code tokenizer} joins the tokens into.
     */
    public static SequenceScores sequences(List<List<String>> references, List<List<String>> hypotheses, org.rnn4j.data.Tokenizer tokenizer, double loss) {
        long exact = 0, edits = 0, refTokens = 0, hypTokens = 0;
        long[] matches = new long[4], totals = new long[4];
        for (int i = 0; i < references.size(); i++) {
            List<String> ref = references.get(i), hyp = hypotheses.get(i);
            if (ref.equals(hyp)) exact++;
            edits += editDistance(ref, hyp);
            refTokens += ref.size();
            hypTokens += hyp.size();
            for (int n = 1; n <= 4; n++) {
                Map<List<String>, Integer> refCounts = ngrams(ref, n);
                for (var e : ngrams(hyp, n).entrySet()) matches[n - 1] += Math.min(e.getValue(), refCounts.getOrDefault(e.getKey(), 0));
                totals[n - 1] += Math.max(0, hyp.size() - n + 1);
            }
        }
        double logP = 0;
        for (int n = 0; n < 4; n++) {
            double p = n == 0 ? (totals[0] == 0 ? 0 : (double) matches[0] / totals[0]) : (matches[n] + 1.0) / (totals[n] + 1.0);
            logP += p == 0 ? Double.NEGATIVE_INFINITY : Math.log(p) / 4;
        }
        double bp = hypTokens >= refTokens ? 1 : hypTokens == 0 ? 0 : Math.exp(1 - (double) refTokens / hypTokens);
        return new SequenceScores(loss, references.isEmpty() ? 0 : (double) exact / references.size(), refTokens == 0 ? 0 : (double) edits / refTokens,
                bp * Math.exp(logP), SacreBleu.bleu(texts(references, tokenizer), texts(hypotheses, tokenizer)),
                SacreBleu.chrf(texts(references, tokenizer), texts(hypotheses, tokenizer)), references.size());
    }

    private static List<String> texts(List<List<String>> tokens, org.rnn4j.data.Tokenizer tokenizer) {
        return tokens.stream().map(tokenizer::join).toList();
    }

    static int editDistance(List<String> a, List<String> b) {
        int[] prev = new int[b.size() + 1], cur = new int[b.size() + 1];
        for (int j = 0; j <= b.size(); j++) prev[j] = j;
        for (int i = 1; i <= a.size(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.size(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1], prev[j]) + 1, prev[j - 1] + (a.get(i - 1).equals(b.get(j - 1)) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.size()];
    }

    private static Map<List<String>, Integer> ngrams(List<String> tokens, int n) {
        Map<List<String>, Integer> out = new HashMap<>();
        for (int i = 0; i + n <= tokens.size(); i++) out.merge(new ArrayList<>(tokens.subList(i, i + n)), 1, Integer::sum);
        return out;
    }
}
