package org.rnn4j.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnn4j.data.Tokenizer;
import org.rnn4j.data.Vocabulary;
import org.rnn4j.model.Decoding;
import org.rnn4j.model.ManyToMany;
import org.rnn4j.nn.State;
import org.rnn4j.task.Encoder;

/**
 * Completion as you type with a language model: the likeliest ways to finish the word being typed, or the next word
 * after a space. The state after each text read is kept (the most recent {@value #KEPT}), so a keystroke that
 * extends a text read before feeds only its new tokens. Words are found by a beam search that stops each candidate
 * at the first token that ends a word, all candidates fed in one batch per step. States are immutable, so one cache serves every replica of the model.
 */
final class Completer {
    private static final int KEPT = 1024, LOOK_BACK = 64, MAX_WORD = 24, RESERVED = Vocabulary.RESERVED.size();
    private final Encoder.Words words;        // the language model's tokenizer and vocabulary
    private final Map<String, Decoding.Step<State>> read = new LinkedHashMap<>(KEPT, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Decoding.Step<State>> eldest) {
            return size() > KEPT;
        }
    };

    Completer(Encoder.Words words) {
        this.words = words;
    }

    /** A completion: {@code text} to append, which ends the word {@code word}, with its probability. */
    record Completion(String text, String word, double probability) {}

    /**
     * @param count completions wanted
     * @return the completions, likeliest first, and how many tokens of the text were read from the kept state
     */
    ObjectNode complete(ManyToMany model, String text, int count) {
        Tokenizer tokenizer = words.tokenizer();
        Vocabulary vocab = words.vocab();
        List<String> tokens = tokenizer.tokenize(text);
        boolean chars = tokenizer == Tokenizer.CHARS;
        String partial = chars ? trailingWord(text) : !tokens.isEmpty() && !endsWithSpace(text) && isWord(tokens.get(tokens.size() - 1)) ? tokens.get(tokens.size() - 1) : "";
        List<String> context = chars || partial.isEmpty() ? tokens : tokens.subList(0, tokens.size() - 1);
        int[] ids = vocab.encode(context);
        Reading r = read(model, ids);
        List<Completion> found = chars ? spell(model, r.step(), vocab, partial, count) : words(r.step(), vocab, partial, count);
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("text", text);
        out.put("reused_tokens", r.reused());
        ArrayNode list = out.putArray("completions");
        for (Completion c : found) list.addObject().put("text", c.text()).put("word", c.word()).put("probability", c.probability());
        return out;
    }

    private record Reading(Decoding.Step<State> step, int reused) {}

    /** The step after {@code <bos>, ids}, feeding only what the longest kept prefix has not read. */
    private Reading read(ManyToMany model, int[] ids) {
        int reused = -1;
        Decoding.Step<State> step = null;
        synchronized (read) {
            for (int k = ids.length; k >= Math.max(0, ids.length - LOOK_BACK) && step == null; k--) {
                step = read.get(key(ids, k));
                if (step != null) reused = k;
            }
        }
        if (step != null && reused == ids.length) return new Reading(step, reused);
        int[] rest;
        if (step == null) {
            rest = new int[ids.length + 1];
            rest[0] = Vocabulary.BOS;
            System.arraycopy(ids, 0, rest, 1, ids.length);
            reused = 0;
        } else {
            rest = Arrays.copyOfRange(ids, reused, ids.length);
        }
        Decoding.Step<State> next = model.generator(step == null ? null : step.state(), rest).start();
        synchronized (read) {
            read.put(key(ids, ids.length), next);
        }
        return new Reading(next, reused);
    }

    private static String key(int[] ids, int k) {
        StringBuilder b = new StringBuilder(k * 3);
        for (int i = 0; i < k; i++) b.append(ids[i]).append(',');
        return b.toString();
    }

    /** Character model: a beam search over characters, each candidate ending at a space, punctuation or the end. */
    private static List<Completion> spell(ManyToMany model, Decoding.Step<State> start, Vocabulary vocab, String partial, int count) {
        record Hyp(String text, double logProb, Decoding.Step<State> step) {}
        record Extension(String text, double logProb, State after, int token) {}
        int width = Math.max(4, 2 * count);
        List<Hyp> live = List.of(new Hyp("", 0, start));
        List<Completion> done = new ArrayList<>();
        for (int len = 0; len <= MAX_WORD && !live.isEmpty(); len++) {
            List<Extension> longer = new ArrayList<>();
            for (Hyp h : live) {
                double[] logp = logSoftmax(h.step().logits());
                for (int id : top(logp, width)) {
                    if (id < RESERVED && id != Vocabulary.EOS) continue;
                    String t = id == Vocabulary.EOS ? "" : vocab.token(id);
                    double lp = h.logProb() + logp[id];
                    if (isWord(t)) longer.add(new Extension(h.text() + t, lp, h.step().state(), id));
                    else if (!(h.text().isEmpty() && partial.isEmpty())) done.add(new Completion(h.text(), partial + h.text(), Math.exp(lp)));
                }
            }
            longer.sort(Comparator.comparingDouble(Extension::logProb).reversed());
            List<Extension> kept = longer.subList(0, Math.min(width, longer.size()));
            List<Completion> best = best(done, count);
            if (kept.isEmpty() || best.size() == count && Math.exp(kept.get(0).logProb()) < best.get(count - 1).probability()) break;
            int[] tokens = kept.stream().mapToInt(Extension::token).toArray();
            Decoding.Step<State> all = model.next(State.batch(kept.stream().map(Extension::after).toList()), tokens);
            int v = all.logits().length / tokens.length;
            List<Hyp> fed = new ArrayList<>(kept.size());
            for (int b = 0; b < kept.size(); b++) {
                Extension e = kept.get(b);
                fed.add(new Hyp(e.text(), e.logProb(), new Decoding.Step<>(all.state().row(b), Arrays.copyOfRange(all.logits(), b * v, (b + 1) * v))));
            }
            live = fed;
        }
        return best(done, count);
    }

    /** Word model: the likeliest next words, or the likeliest words that begin as the one being typed. */
    private static List<Completion> words(Decoding.Step<State> step, Vocabulary vocab, String partial, int count) {
        double[] logp = logSoftmax(step.logits());
        List<Completion> found = new ArrayList<>();
        for (int id = RESERVED; id < logp.length; id++) {
            String t = vocab.token(id);
            if (isWord(t) && t.startsWith(partial) && !t.equals(partial)) found.add(new Completion(t.substring(partial.length()), t, Math.exp(logp[id])));
        }
        return best(found, count);
    }

    private static List<Completion> best(List<Completion> all, int count) {
        Map<String, Completion> unique = new LinkedHashMap<>();
        all.stream().sorted(Comparator.comparingDouble(Completion::probability).reversed()).forEach(c -> unique.putIfAbsent(c.word(), c));
        return unique.values().stream().limit(count).toList();
    }

    private static int[] top(double[] logp, int k) {
        Integer[] order = new Integer[logp.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(logp[b], logp[a]));
        return Arrays.stream(order, 0, Math.min(k, order.length)).mapToInt(Integer::intValue).toArray();
    }

    private static double[] logSoftmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (float v : logits) max = Math.max(max, v);
        for (float v : logits) sum += Math.exp(v - max);
        double log = max + Math.log(sum);
        double[] out = new double[logits.length];
        for (int i = 0; i < out.length; i++) out[i] = logits[i] - log;
        return out;
    }

    /** Letters, digits and apostrophes inside words: what a completion may consist of. */
    private static boolean isWord(String token) {
        return !token.isEmpty() && token.codePoints().allMatch(c -> Character.isLetterOrDigit(c) || c == '\'' || c == '\u2019' || c == '-');
    }

    private static boolean endsWithSpace(String text) {
        return !text.isEmpty() && Character.isWhitespace(text.codePointBefore(text.length()));
    }

    /** The word being typed at the end of the text ("" after a space or punctuation). */
    private static String trailingWord(String text) {
        int i = text.length();
        while (i > 0 && isWord(new String(Character.toChars(text.codePointBefore(i))))) i = text.offsetByCodePoints(i, -1);
        return text.substring(i);
    }
}
