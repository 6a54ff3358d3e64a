package org.rnn4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.rnn4j.model.Decoding;
import org.rnn4j.model.Model;
import org.rnn4j.options.Bounds;
import org.rnn4j.task.Task;
import org.rnn4j.task.Translating;
import org.rnn4j.train.Example;
import org.rnn4j.train.Scores;

/** {@code --beam} of {@code evaluate} and {@code predict}: how a seq2seq or caption model's outputs are decoded. */
final class Decoders {
    private Decoders() {}

    /** Greedy at width 1, else beam search of that width; refused above 1 for a task that writes no sequences. */
    static Decoding.Strategy of(int beam, Task<?, ?, ?> task) {
        Bounds.between("--beam", beam, 1, 1024);
        if (beam > 1 && !(task instanceof Translating)) throw new IllegalArgumentException("--beam decodes the outputs of seq2seq and caption models; this model does not write sequences");
        return beam == 1 ? new Decoding.Greedy() : new Decoding.Beam(beam, 1.0);
    }

    /** The task's scores, its outputs decoded by {@code decoding} when it writes sequences. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Scores evaluate(Task<Object, Object, Model<Object, Object>> task, Model<Object, Object> model, Stream<Example<Object, Object>> data, Decoding.Strategy decoding) {
        return task instanceof Translating t ? t.evaluate(model, (Stream) data, decoding) : task.evaluate(model, data);
    }

    /** The task's output for one line, decoded by {@code decoding} when it writes sequences. */
    @SuppressWarnings("unchecked")
    static ObjectNode predict(Task<Object, Object, Model<Object, Object>> task, Model<Object, Object> model, String line, Path file, long number, Decoding.Strategy decoding) {
        return task instanceof Translating t ? t.predict(model, line, file, number, decoding) : task.predict(model, line, file, number);
    }
}
