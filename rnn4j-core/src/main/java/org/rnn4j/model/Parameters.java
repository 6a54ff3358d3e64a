package org.rnn4j.model;

import static java.lang.Math.addExact;
import static java.lang.Math.multiplyExact;

import org.rnn4j.nn.Attention;

/**
 * How many parameters a model config builds, computed from the config alone, before anything is allocated. A model
 * file is refused when its config claims more (or fewer) parameters than the file holds, so a config that asks
 * for a 40M-word vocabulary or a million layers costs a multiplication, not an out-of-memory error.
 * {@code ParametersTest} checks every formula against the models it describes.
 */
final class Parameters {
    private Parameters() {}

    /** The parameters {@code config} builds; Long.MAX_VALUE when the count overflows. */
    static long of(Record config) {
        try {
            if (config instanceof ManyToOne.Config c) return addExact(addExact(input(c.input()), rnn(c.rnn(), c.input().width())), dense(c.rnn().outputSize(), c.target().width()));
            if (config instanceof ManyToMany.Config c) return addExact(addExact(input(c.input()), rnn(c.rnn(), c.input().width())), dense(c.rnn().outputSize(), c.classes()));
            if (config instanceof OneToMany.Config c) {
                long bridge = dense(c.encoded(), multiplyExact((long) c.rnn().layers(), c.rnn().hidden()));
                if (c.image() == null) return addExact(bridge, decoder(c.vocab(), c.embedding(), c.rnn(), null, 0));
                int keys = c.image().filters().get(c.image().filters().size() - 1) + 2;
                return addExact(addExact(c.image().parameters(), bridge), decoder(c.vocab(), c.embedding(), c.rnn(), Attention.Score.GENERAL, keys));
            }
            if (config instanceof Seq2Seq.Config c) {
                long encoder = addExact(input(c.source()), rnn(c.rnn(), c.source().width()));
                return addExact(encoder, decoder(c.targetVocab(), c.embedding(), c.rnn(), c.attention(), c.rnn().outputSize()));
            }
            if (config instanceof OneToOne.Config c) {
                long n = 0;
                int in = c.features();
                for (int width : c.hidden()) {
                    n = addExact(n, dense(in, width));
                    in = width;
                }
                return addExact(n, dense(in, c.target().width()));
            }
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
        throw new IllegalArgumentException("no model kind has config " + config.getClass().getName());
    }

    private static long dense(long in, long out) {
        return addExact(multiplyExact(in, out), out);
    }

    private static long input(InputSpec spec) {
        return spec instanceof InputSpec.Tokens t ? multiplyExact((long) t.vocab(), t.embedding()) : 0;
    }

    private static long rnn(RnnSpec r, int inputSize) {
        return r.parameters(inputSize);
    }

    /** A token decoder: embedding, a unidirectional stack, optional attention over keys of width K, the output layer. */
    private static long decoder(int vocab, int embedding, RnnSpec r, Attention.Score attention, int keys) {
        long h = r.hidden();
        RnnSpec forward = r.unidirectional();
        long n = addExact(addExact(multiplyExact((long) vocab, embedding), rnn(forward, embedding)), dense(h, vocab));
        if (attention == null) return n;
        long score = switch (attention) {
            case DOT -> 0;
            case GENERAL -> multiplyExact(h, keys);
            case ADDITIVE -> addExact(addExact(multiplyExact(h, h), multiplyExact(h, keys)), h);
        };
        return addExact(addExact(n, score), dense(keys + h, h));
    }
}
