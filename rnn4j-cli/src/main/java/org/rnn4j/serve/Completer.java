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
import org.rnn4j.nn.State;
import org.rnn4j.task.Encoder;

/**
 * Completion as you type with a language model: the likeliest ways to finish the word being typed, or the next word
 * after a space. The state after each text read is kept (the most recent {@value #KEPT}), so a keystroke that
 * extends a text read before feeds only its new tokens. Words are found by a beam search that stops each candidate
 * at the first token that ends a word, all candidates fed in one batch per step. States are immutable, so one cache serves every replica of the model.
 * The model is read through a {@link Reader}: a replica's {@link org.rnn4j.model.ManyToMany#read}, or a {@link Batchers batcher} that
 * reads the steps of concurrent completions together.
 */
final class Completer {
    /** Reads B texts, each after its own state [L, B, H], in one batch: the states after them and the next logits [B·V]. */
    interface Reader {
        Decoding.Step<State> read(State states, List<int[]> texts);
    }

    private static final int KEPT = 1024, LOOK_BACK = 64, MAX_WORD = 24, RESERVED = Vocabulary.RESERVED.size();
    /** Tokens of the text read at a time: concurrent completions' texts are read together, a chunk each, by a {@link Batchers batcher}. */
    private static final int CHUNK = 16;
    private final Encoder.Words words;        // the language model's tokenizer and vocabulary
    private final Decoding.Step<State> bos;   // the step after <bos>, where every text starts
    private final Map<String, Decoding.Step<State>> read = new LinkedHashMap<>(KEPT, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Decoding.Step<State>> eldest) {
            return size() > KEPT;
        }
    };

    /** @param bos the language model's step after reading {@code <bos>} */
    Completer(Encoder.Words words, Decoding.Step<State> bos) {
        this.words = words;
        this.bos = bos;
    }

    /** A completion: {@code text} to append, which ends the word {@code word}, with its probability. */
    record Completion(String text, String word, double probability) {}

    /**
     * @param count completions wanted
     * @return the completions, likeliest first, and how many tokens of the text were read from the kept state
     */
    ObjectNode complete(Reader model, String text, int count) {
        List<String> tokens = words.tokenizer().tokenize(text);
        String partial = partial(text);
        List<String> context = words.tokenizer() == Tokenizer.CHARS || partial.isEmpty() ? tokens : tokens.subList(0, tokens.size() - 1);
        Reading r = read(model, words.vocab().encode(context));
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("text", text);
        out.put("reused_tokens", r.reused());
        out.set("completions", completions(model, r.step(), partial, count));
        return out;
    }

    /**
     * The word being typed at the end of {@code text}: a character model's trailing letters; a word model's last
     * token, unless a space follows it; "" after a space or punctuation.
     */
    String partial(String text) {
        if (words.tokenizer() == Tokenizer.CHARS) return trailingWord(text);
        List<String> tokens = words.tokenizer().tokenize(text);
        return !tokens.isEmpty() && !endsWithSpace(text) && isWord(tokens.get(tokens.size() - 1)) ? tokens.get(tokens.size() - 1) : "";
    }

    /**
     * The completions, likeliest first, of the word {@code partial} being typed after the text read into
     * {@code step} (for a character model, {@code partial} is read too; for a word model it is not).
     */
    ArrayNode completions(Reader model, Decoding.Step<State> step, String partial, int count) {
        List<Completion> found = words.tokenizer() == Tokenizer.CHARS ? spell(model, step, words.vocab(), partial, count) : words(step, words.vocab(), partial, count);
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (Completion c : found) list.addObject().put("text", c.text()).put("word", c.word()).put("probability", c.probability());
        return list;
    }

    private record Reading(Decoding.Step<State> step, int reused) {}

    /** The step after {@code <bos>, ids}, reading only what the longest kept prefix has not read, {@link #CHUNK} tokens at a time. */
    private Reading read(Reader model, int[] ids) {
        int reused = 0;
        Decoding.Step<State> step = null;
        synchronized (read) {
            for (int k = ids.length; k >= Math.max(1, ids.length - LOOK_BACK) && step == null; k--) {
                step = read.get(key(ids, k));
                if (step != null) reused = k;
            }
        }
        if (step == null) step = bos;
        for (int from = reused; from < ids.length; from += CHUNK) {
            int to = Math.min(ids.length, from + CHUNK);
            step = model.read(step.state(), List.of(Arrays.copyOfRange(ids, from, to)));
            if (to >= ids.length - LOOK_BACK) {
                synchronized (read) {
                    read.put(key(ids, to), step);
                }
            }
        }
        return new Reading(step, reused);
    }

    private static String key(int[] ids, int k) {
        StringBuilder b = new StringBuilder(k * 3);
        for (int i = 0; i < k; i++) b.append(ids[i]).append(',');
        return b.toString();
    }

    /** Character model: a beam search over characters, each candidate ending at a space, punctuation or the end. */
    private static List<Completion> spell(Reader model, Decoding.Step<State> start, Vocabulary vocab, String partial, int count) {
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
            List<int[]> tokens = kept.stream().map(e -> new int[] {e.token()}).toList();
            Decoding.Step<State> all = model.read(State.batch(kept.stream().map(Extension::after).toList()), tokens);
            int v = all.logits().length / tokens.size();
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
    static String trailingWord(String text) {
        int i = text.length();
        while (i > 0 && isWord(new String(Character.toChars(text.codePointBefore(i))))) i = text.offsetByCodePoints(i, -1);
        return text.substring(i);
    }
}
