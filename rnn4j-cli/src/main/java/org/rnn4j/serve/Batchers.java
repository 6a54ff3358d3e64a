package org.rnn4j.serve;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import org.rnn4j.data.PaddedBatches;
import org.rnn4j.model.Decoding;
import org.rnn4j.model.ManyToMany;
import org.rnn4j.nn.State;
import org.rnn4j.task.Application;
import org.rnn4j.task.BatchPredicting;
import org.rnn4j.task.Encoder;

/**
 * The server's per-model batchers and completers, each made on first use for the model served then and replaced
 * with it when a new file is loaded: a {@link Batcher} of predictions for a model that predicts in batches, and for
 * a language model a {@link Completer} (whose kept states belong to its weights) and a {@link Batcher} of the reads
 * its completions make, so the beam steps of concurrent completions run as one batch.
 */
final class Batchers implements AutoCloseable {
    /** A completion's read: texts after their states, as {@link ManyToMany#read} takes them. */
    record Read(State states, List<int[]> texts) {}

    private record Made<T>(Served served, T value) {}

    /** A batch of reads holds at most this padding (steps computed over true steps) and this many padded steps. */
    private static final double READ_PADDING = 2;
    private static final long READ_CELLS = 8192;

    private final Batching batching;
    private final Limits limits;
    private final Metrics metrics;
    private final Map<String, Made<Batcher<String, ObjectNode>>> predictors = new ConcurrentHashMap<>();
    private final Map<String, Made<Batcher<Read, Decoding.Step<State>>>> readers = new ConcurrentHashMap<>();
    private final Map<String, Made<Completer>> completers = new ConcurrentHashMap<>();
    private final Semaphore completing;

    Batchers(Batching batching, Limits limits, Metrics metrics) {
        this.batching = batching;
        this.limits = limits;
        this.metrics = metrics;
        this.completing = new Semaphore(limits.queue() + limits.workers() * batching.maxBatch());
    }

    /** Whether predictions and completions are gathered into batches. */
    boolean on() { return batching.on(); }

    /** The prediction batcher of {@code s}, or null when it computes each request alone. */
    Batcher<String, ObjectNode> predictor(Served s) {
        if (!batching.on() || !(s.task() instanceof BatchPredicting<?>) || s.task().readsImages()) return null;
        return made(predictors, s, () -> new Batcher<>(s.name(), lines -> predictLines(s, lines), batching, limits.workers(),
                limits.queue() + limits.workers() * batching.maxBatch(), n -> metrics.batch(s.name(), n))).value();
    }

    /** The completer of a language model served as {@code s}, or null for any other model. */
    Completer completer(Served s) {
        if (s.app() != Application.COMPLETE || !(s.task().encoder() instanceof Encoder.Words w)) return null;
        return made(completers, s, () -> new Completer(w, s.use(tm -> lm(tm.model()).generator(null, new int[] {org.rnn4j.data.Vocabulary.BOS}).start()))).value();
    }

    /**
     * Runs {@code search} (a completion) on the calling thread, its reads joining other completions' in the model's
     * read batcher; a 503 at once when as many completions run as the batches and the queue hold.
     */
    <R> R complete(Served s, Function<Completer.Reader, R> search) {
        if (!completing.tryAcquire()) throw new ApiError(503, "the server is busy (every completion it holds is running); try again shortly");
        try {
            Batcher<Read, Decoding.Step<State>> reader = made(readers, s, () -> new Batcher<>(s.name() + "-steps", reads -> readAll(s, reads), batching,
                    limits.workers(), limits.queue() + limits.workers() * batching.maxBatch(), n -> metrics.readBatch(s.name(), n))).value();
            long deadline = System.nanoTime() + limits.timeout().toNanos();
            return search.apply((states, texts) -> reader.submit(new Read(states, texts), deadline));
        } finally {
            completing.release();
        }
    }

    /** Inputs waiting for a batch, over every model. */
    int waiting() {
        return predictors.values().stream().mapToInt(m -> m.value().waiting()).sum() + readers.values().stream().mapToInt(m -> m.value().waiting()).sum();
    }

    @Override
    public void close() {
        predictors.values().forEach(m -> m.value().close());
        readers.values().forEach(m -> m.value().close());
    }

    /** The value made for the model served now as {@code s}; one made for a model since replaced is retired. */
    private static <T> Made<T> made(Map<String, Made<T>> all, Served s, java.util.function.Supplier<T> make) {
        return all.compute(s.name(), (name, old) -> {
            if (old != null && old.served() == s) return old;
            if (old != null && old.value() instanceof Batcher<?, ?> b) b.retire();
            return new Made<>(s, make.get());
        });
    }

    @SuppressWarnings("unchecked")
    private static List<Batcher.Outcome<ObjectNode>> predictLines(Served s, List<String> lines) {
        return s.use(tm -> ((BatchPredicting<Object>) tm.task()).predictLines(tm.model(), lines, Views.REQUEST)).stream()
                .map(p -> new Batcher.Outcome<>(p.json(), p.error())).toList();
    }

    /**
     * The reads of several completions, their rows sorted by length and read in batches of at most
     * {@link #READ_PADDING} padding, each on a replica; each read gets its rows back in its order. Most batches are the
     * concurrent beams' next steps, one token each; the texts typed are read longest first, where padding is cheap.
     */
    private static List<Batcher.Outcome<Decoding.Step<State>>> readAll(Served s, List<Read> reads) {
        record Row(int read, int index, State state, int[] text) {}
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < reads.size(); r++) {
            Read read = reads.get(r);
            for (int i = 0; i < read.texts().size(); i++) rows.add(new Row(r, i, read.states().row(i), read.texts().get(i)));
        }
        rows.sort(Comparator.comparingInt((Row row) -> row.text().length).reversed());     // longest first: a row costs only its own steps
        State[][] states = new State[reads.size()][];
        float[][][] logits = new float[reads.size()][][];
        for (int r = 0; r < reads.size(); r++) {
            states[r] = new State[reads.get(r).texts().size()];
            logits[r] = new float[states[r].length][];
        }
        for (int[] batch : PaddedBatches.cut(rows.stream().mapToInt(row -> row.text().length).toArray(), READ_PADDING, READ_CELLS)) {
            List<Row> part = rows.subList(batch[0], batch[1]);
            Decoding.Step<State> out = s.use(tm -> lm(tm.model()).read(State.batch(part.stream().map(Row::state).toList()), part.stream().map(Row::text).toList()));
            int v = out.logits().length / part.size();
            for (int k = 0; k < part.size(); k++) {
                Row row = part.get(k);
                states[row.read()][row.index()] = out.state().row(k);
                logits[row.read()][row.index()] = Arrays.copyOfRange(out.logits(), k * v, (k + 1) * v);
            }
        }
        List<Batcher.Outcome<Decoding.Step<State>>> answers = new ArrayList<>(reads.size());
        for (int r = 0; r < reads.size(); r++) {
            float[] all = new float[Arrays.stream(logits[r]).mapToInt(l -> l.length).sum()];
            for (int i = 0, off = 0; i < logits[r].length; off += logits[r][i].length, i++) System.arraycopy(logits[r][i], 0, all, off, logits[r][i].length);
            answers.add(new Batcher.Outcome<>(new Decoding.Step<>(State.batch(Arrays.asList(states[r])), all), null));
        }
        return answers;
    }

    private static ManyToMany lm(Object model) {
        return (ManyToMany) model;
    }
}
