package org.rnn4j.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.rnn4j.data.Seq;
import org.rnn4j.data.Tokenizer;
import org.rnn4j.data.Vocabulary;
import org.rnn4j.model.Decoding;
import org.rnn4j.model.ManyToMany;
import org.rnn4j.model.ManyToOne;
import org.rnn4j.nn.State;
import org.rnn4j.task.BatchPredicting;
import org.rnn4j.task.Encoder;
import org.rnn4j.task.LanguageModelTask;

/**
 * Streaming sessions: a client opens one on a model that reads left to right and then sends its input a piece at a
 * time; the session keeps the recurrent state between pieces, so each piece costs only its own steps. A classifier
 * or regressor answers the prediction after the last step read (as {@code predict} of everything sent so far); a
 * language model answers the likeliest next tokens, and with {@code count} the likeliest ends of the word being
 * typed ({@link Completer}), as {@code complete} of everything sent so far would. At most {@code max} sessions are open (429 beyond); one idle
 * longer than {@code idle} is closed. A session stays on the model file it was opened on, even after a reload.
 */
public final class Sessions {
    /** What a session holds: a classifier's stream, or a language model's last step. */
    private static final class Session {
        final Served served;
        final ManyToOne.Stream stream;                 // a classifier or regressor
        Decoding.Step<State> step;                     // a language model: the state after the text read, and the next token's logits
        int tokens;
        String pending = "";                           // a word model's last word, read once a space or more text ends it
        String tail = "";                              // the end of the text sent, where the word being typed is
        volatile long used = System.nanoTime();

        Session(Served served, ManyToOne.Stream stream, Decoding.Step<State> step) {
            this.served = served;
            this.stream = stream;
            this.step = step;
        }
    }

    private static final int TAIL = 256;              // characters of a language model's text kept: more than a word
    private final Map<String, Session> open = new ConcurrentHashMap<>();
    private final int max;
    private final Duration idle;

    /** @param max sessions open at once; @param idle how long an unused session stays open */
    public Sessions(int max, Duration idle) {
        if (max < 1 || idle.isNegative() || idle.isZero()) throw new IllegalArgumentException("sessions need a positive limit and idle time, got " + max + " and " + idle);
        this.max = max;
        this.idle = idle;
    }

    /** Opens a session on {@code s}: its id. */
    String open(Served s) {
        expire();
        if (open.size() >= max) throw new ApiError(429, "the server has " + max + " sessions open; close one (DELETE .../sessions/<id>) or wait for an idle one to expire");
        Session session = s.use(tm -> {
            if ((Object) tm.model() instanceof ManyToOne m && tm.task() instanceof BatchPredicting<?> && !m.config().rnn().bidirectional()) return new Session(s, m.stream(), null);
            if ((Object) tm.task() instanceof LanguageModelTask && (Object) tm.model() instanceof ManyToMany lm) {
                return new Session(s, null, lm.generator(null, new int[] {Vocabulary.BOS}).start());
            }
            throw ApiError.badRequest("model '" + s.name() + "' does not stream: sessions are for classifiers and regressors that read left to right, and language models");
        });
        String id = UUID.randomUUID().toString();
        open.put(id, session);
        return id;
    }

    /** Closes a session; false when there was none. */
    boolean close(String id) {
        return open.remove(id) != null;
    }

    int size() { return open.size(); }

    /**
     * Feeds {@code line} (the request's input as {@code predict} reads it) to session {@code id} of model {@code s}.
     *
     * @param text      the text of a language model's request
     * @param completer a language model's completer, and {@code count} the completions wanted (0: none)
     */
    @SuppressWarnings("unchecked")
    ObjectNode step(Served s, String id, String line, String text, Completer completer, int count) {
        Session session = open.get(id);
        if (session == null || !session.served.name().equals(s.name())) throw new ApiError(404, "no open session '" + Json.clip(id, 80) + "' of model '" + s.name() + "' (closed, or idle too long)");
        synchronized (session) {
            session.used = System.nanoTime();
            ObjectNode out = Json.MAPPER.createObjectNode();
            if (session.stream != null) {
                BatchPredicting<Object> task = (BatchPredicting<Object>) session.served.task();
                Seq chunk = task.read(line, Views.REQUEST, 1);
                float[][] predictions = session.served.use(tm -> ((ManyToOne) (Object) tm.model()).feed(session.stream, chunk));
                out.put("steps", session.stream.steps());
                if (predictions.length > 0) out.set("prediction", task.show(predictions[predictions.length - 1]));
                return out;
            }
            Encoder.Words words = (Encoder.Words) session.served.task().encoder();
            String full = session.pending + text;
            String pending = words.tokenizer() == Tokenizer.CHARS ? "" : Completer.trailingWord(full);      // a word may go on in the next piece
            int[] ids = words.vocab().encode(words.tokenizer().tokenize(full.substring(0, full.length() - pending.length())));
            session.pending = pending;
            session.tail = (session.tail + text).substring(Math.max(0, session.tail.length() + text.length() - TAIL));
            if (ids.length > 0) {
                Decoding.Step<State> before = session.step;
                session.step = session.served.use(tm -> ((ManyToMany) (Object) tm.model()).generator(before.state(), ids).start());
                session.tokens += ids.length;
            }
            if (count > 0 && completer != null) {
                String partial = completer.partial(words.tokenizer() == Tokenizer.CHARS ? session.tail : pending);
                out.set("completions", session.served.use(tm -> completer.completions(((ManyToMany) (Object) tm.model())::read, session.step, partial, count)));
            }
            out.put("steps", session.tokens);
            ArrayNode next = out.putArray("next");
            float[] logits = session.step.logits();
            double maxLogit = Double.NEGATIVE_INFINITY, sum = 0;
            for (float v : logits) maxLogit = Math.max(maxLogit, v);
            for (float v : logits) sum += Math.exp(v - maxLogit);
            Integer[] order = new Integer[logits.length];
            for (int i = 0; i < order.length; i++) order[i] = i;
            java.util.Arrays.sort(order, (a, b) -> Float.compare(logits[b], logits[a]));
            for (int k = 0, shown = 0; k < order.length && shown < 5; k++) {
                if (order[k] < Vocabulary.RESERVED.size() && order[k] != Vocabulary.EOS) continue;
                next.addObject().put("token", order[k] == Vocabulary.EOS ? "" : words.vocab().token(order[k])).put("end", order[k] == Vocabulary.EOS)
                        .put("probability", Math.exp(logits[order[k]] - maxLogit) / sum);
                shown++;
            }
            return out;
        }
    }

    /** Closes the sessions idle longer than the limit. */
    void expire() {
        long now = System.nanoTime();
        open.values().removeIf(session -> now - session.used > idle.toNanos());
    }
}
