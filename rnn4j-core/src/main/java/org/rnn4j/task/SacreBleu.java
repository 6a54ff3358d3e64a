package org.rnn4j.task;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Corpus BLEU and chrF of detokenized texts, with sacreBLEU's defaults (Post, 2018), so a score here is the score
 * papers report. BLEU: the 13a tokenization of mteval-v13a.pl, n-grams up to 4 clipped by the reference, their counts
 * summed over the corpus, the geometric mean of the 4 precisions times the brevity penalty, a zero precision smoothed
 * as sacreBLEU's "exp" method does; one reference per text. chrF: character n-grams 1 to 6 without whitespace, their
 * matches summed over the corpus, the precision and the recall averaged over the orders, then their F-score with β = 2.
 * Both on a 0-100 scale.
 */
public final class SacreBleu {
    private SacreBleu() {}

    private static final int ORDER = 4, CHAR_ORDER = 6;
    private static final double BETA = 2;
    private static final Pattern PUNCTUATION = Pattern.compile("([\\{-\\~\\[-\\` -\\&\\(-\\+\\:-\\@\\/])"),
            PERIOD_AFTER = Pattern.compile("([^0-9])([\\.,])"), PERIOD_BEFORE = Pattern.compile("([\\.,])([^0-9])"), DASH = Pattern.compile("([0-9])(-)"),
            SPACES = Pattern.compile("(?U)\\s+");

    /** A text as mteval-v13a.pl tokenizes it ("13a", sacreBLEU's default): punctuation apart, except in numbers. */
    public static List<String> tokenize13a(String text) {
        String line = text.replace("<skipped>", "").replace("-\n", "").replace("\n", " ");
        if (line.contains("&")) line = line.replace("&quot;", "\"").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
        line = " " + line + " ";
        line = PUNCTUATION.matcher(line).replaceAll(" $1 ");
        line = PERIOD_AFTER.matcher(line).replaceAll("$1 $2 ");
        line = PERIOD_BEFORE.matcher(line).replaceAll(" $1 $2");
        line = DASH.matcher(line).replaceAll("$1 $2 ");
        return java.util.Arrays.stream(SPACES.split(line)).filter(t -> !t.isEmpty()).toList();
    }

    /** Corpus BLEU, 0-100, of {@code hypotheses} against one reference each. */
    public static double bleu(List<String> references, List<String> hypotheses) {
        check(references, hypotheses);
        long[] matches = new long[ORDER], totals = new long[ORDER];
        long refLength = 0, hypLength = 0;
        for (int i = 0; i < references.size(); i++) {
            List<String> ref = tokenize13a(references.get(i)), hyp = tokenize13a(hypotheses.get(i));
            refLength += ref.size();
            hypLength += hyp.size();
            for (int n = 1; n <= ORDER; n++) {
                Map<List<String>, Integer> refCounts = ngrams(ref, n);
                for (var e : ngrams(hyp, n).entrySet()) matches[n - 1] += Math.min(e.getValue(), refCounts.getOrDefault(e.getKey(), 0));
                totals[n - 1] += Math.max(0, hyp.size() - n + 1);
            }
        }
        if (hypLength == 0) return 0;
        double logSum = 0, smooth = 1;
        for (int n = 0; n < ORDER; n++) {
            if (totals[n] == 0) return 0;                                    // a corpus shorter than n tokens: sacreBLEU's log(0)
            double p;
            if (matches[n] == 0) {
                smooth *= 2;
                p = 100.0 / (smooth * totals[n]);
            } else {
                p = 100.0 * matches[n] / totals[n];
            }
            logSum += Math.log(p);
        }
        double bp = hypLength < refLength ? Math.exp(1 - (double) refLength / hypLength) : 1;
        return bp * Math.exp(logSum / ORDER);
    }

    /** Corpus chrF, 0-100, of {@code hypotheses} against one reference each. */
    public static double chrf(List<String> references, List<String> hypotheses) {
        check(references, hypotheses);
        long[] hypCounts = new long[CHAR_ORDER], refCounts = new long[CHAR_ORDER], matches = new long[CHAR_ORDER];
        for (int i = 0; i < references.size(); i++) {
            List<String> ref = chars(references.get(i)), hyp = chars(hypotheses.get(i));
            for (int n = 1; n <= CHAR_ORDER; n++) {
                Map<List<String>, Integer> r = ngrams(ref, n), h = ngrams(hyp, n);
                for (var e : h.entrySet()) matches[n - 1] += Math.min(e.getValue(), r.getOrDefault(e.getKey(), 0));
                hypCounts[n - 1] += Math.max(0, hyp.size() - n + 1);
                refCounts[n - 1] += Math.max(0, ref.size() - n + 1);
            }
        }
        return fScore(hypCounts, refCounts, matches);
    }

    /** sacreBLEU's chrF from the summed counts: the F-β of the precision and the recall averaged over the orders both sides have. */
    private static double fScore(long[] hyp, long[] ref, long[] match) {
        double precision = 0, recall = 0;
        int effective = 0;
        for (int n = 0; n < hyp.length; n++) {
            if (hyp[n] == 0 || ref[n] == 0) continue;
            precision += (double) match[n] / hyp[n];
            recall += (double) match[n] / ref[n];
            effective++;
        }
        if (effective == 0) return 0;
        precision /= effective;
        recall /= effective;
        if (precision + recall == 0) return 0;
        double factor = BETA * BETA;
        return 100 * (1 + factor) * precision * recall / (factor * precision + recall);
    }

    private static List<String> chars(String text) {
        List<String> out = new ArrayList<>();
        SPACES.matcher(text).replaceAll("").codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
        return out;
    }

    private static Map<List<String>, Integer> ngrams(List<String> tokens, int n) {
        Map<List<String>, Integer> out = new HashMap<>();
        for (int i = 0; i + n <= tokens.size(); i++) out.merge(List.copyOf(tokens.subList(i, i + n)), 1, Integer::sum);
        return out;
    }

    private static void check(List<String> references, List<String> hypotheses) {
        if (references.size() != hypotheses.size()) throw new IllegalArgumentException(references.size() + " references for " + hypotheses.size() + " hypotheses");
    }
}
