package org.rnn4j.task;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnn4j.model.ModelFileException;
import org.rnn4j.model.SafeTensors;
import org.rnn4j.nn.Param;
import org.rnn4j.tensor.Tensor;
import org.rnn4j.train.Optimizer;

/**
 * A training checkpoint: one safetensors file with the model's parameters ({@code model.*}), the optimizer's
 * state ({@code optimizer.0}, {@code optimizer.1}, ...) and metadata (the run's settings and where it stands).
 * Written atomically by {@link SafeTensors#write}, so a crash leaves the previous checkpoint intact.
 */
public final class Checkpoint {
    private Checkpoint() {}

    public static void write(Path file, List<Param> params, Optimizer optimizer, Map<String, String> metadata) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Param p : params) tensors.put("model." + p.name(), p.value());
        List<float[]> state = optimizer.state();
        for (int i = 0; i < state.size(); i++) tensors.put("optimizer." + i, new Tensor(state.get(i), state.get(i).length));
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put("format", "rnn4j-checkpoint");
        SafeTensors.write(file, tensors, meta);
    }

    /** The metadata of a checkpoint file (the run's settings), read and validated. */
    public static Map<String, String> metadata(Path file) throws IOException {
        Map<String, String> meta = SafeTensors.read(file).metadata();
        if (!"rnn4j-checkpoint".equals(meta.get("format"))) throw new ModelFileException(file, "is not an rnn4j checkpoint (format = " + meta.get("format") + ")");
        return meta;
    }

    /** Copies the checkpoint's weights and optimizer state into {@code params} and {@code optimizer}. */
    public static void restore(Path file, List<Param> params, Optimizer optimizer) throws IOException {
        SafeTensors.Contents c = SafeTensors.read(file);
        for (Param p : params) {
            Tensor t = c.tensors().get("model." + p.name());
            if (t == null) throw new ModelFileException(file, "has no tensor \"model." + p.name() + "\"");
            t.requireShape("checkpoint " + file + " tensor model." + p.name(), p.value().shape());
            System.arraycopy(t.data(), 0, p.value().data(), 0, t.size());
        }
        List<float[]> state = optimizer.state();
        for (int i = 0; i < state.size(); i++) {
            Tensor t = c.tensors().get("optimizer." + i);
            if (t == null || t.size() != state.get(i).length) throw new ModelFileException(file, "has no optimizer state " + i + " of " + state.get(i).length + " values");
            System.arraycopy(t.data(), 0, state.get(i), 0, t.size());
        }
    }
}
