package org.rnn4j.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnn4j.io.ModelFileException;
import org.rnn4j.io.SafeTensors;
import org.rnn4j.nn.Param;
import org.rnn4j.optim.Optimizer;
import org.rnn4j.tensor.Tensor;

/**
 * A training checkpoint: one safetensors file with the model's parameters ({@code model.<name>}), the optimizer's
 * state by PyTorch key and parameter name ({@code optimizer.exp_avg.rnn.weight_ih_l0}, {@code optimizer.step}) and
 * metadata: {@code format = rnn4j-checkpoint}, the format {@link #VERSION}, the run's settings and where it stands.
 * Written atomically by {@link SafeTensors#write}, so a crash leaves the previous checkpoint intact. A checkpoint of
 * another version, or one whose tensors do not match the model and optimizer by name and size, is refused with a
 * message saying so, never loaded by position.
 */
public final class Checkpoint {
    /** The checkpoint format this rnn4j writes and reads. */
    public static final int VERSION = 3;
    private static final String FORMAT = "rnn4j-checkpoint";
    private static final ObjectMapper JSON = JsonMapper.builder().enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private Checkpoint() {}

    public static void write(Path file, List<Param> params, Optimizer optimizer, Map<String, String> metadata) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Param p : params) tensors.put("model." + p.name(), p.value());
        optimizer.state().forEach((name, values) -> tensors.put("optimizer." + name, new Tensor(values, values.length)));
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put("format", FORMAT);
        meta.put("checkpoint_version", Integer.toString(VERSION));
        SafeTensors.write(file, tensors, meta);
    }

    /** The metadata of a checkpoint file (the run's settings), read and validated. */
    public static Map<String, String> metadata(Path file) throws IOException {
        Map<String, String> meta = SafeTensors.read(file).metadata();
        if (!FORMAT.equals(meta.get("format"))) throw new ModelFileException(file, "is not an rnn4j checkpoint (format = " + meta.get("format") + ")");
        if (!meta.containsKey(SafeTensors.CHECKSUM)) throw new ModelFileException(file, "has no checksum; every rnn4j checkpoint carries one (a damaged header?)");
        if (!Integer.toString(VERSION).equals(meta.get("checkpoint_version"))) {
            throw new ModelFileException(file, "is a checkpoint of format version " + meta.getOrDefault("checkpoint_version", "1")
                    + "; this rnn4j resumes version " + VERSION + " only. Start the run again without --resume");
        }
        return meta;
    }

    /** Where the run of a checkpoint stands. */
    public static Trainer.State state(Path file, Map<String, String> meta) {
        try {
            return JSON.readValue(meta.get("state"), Trainer.State.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelFileException(file, "holds a training state that cannot be read: " + e.getMessage());
        }
    }

    /** The JSON of a run's state, as {@link #state} reads it. */
    public static String json(Trainer.State state) {
        try {
            return JSON.writeValueAsString(state);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Copies the checkpoint's weights and optimizer state into {@code params} and {@code optimizer}, by name. */
    public static void restore(Path file, List<Param> params, Optimizer optimizer) throws IOException {
        SafeTensors.Contents c = SafeTensors.read(file);
        for (Param p : params) {
            Tensor t = c.tensors().get("model." + p.name());
            if (t == null) throw new ModelFileException(file, "has no tensor \"model." + p.name() + "\"");
            t.requireShape("checkpoint " + file + " tensor model." + p.name(), p.value().shape());
            System.arraycopy(t.data(), 0, p.value().data(), 0, t.size());
            p.value().changed();
        }
        Map<String, float[]> state = optimizer.state();
        for (var e : state.entrySet()) {
            Tensor t = c.tensors().get("optimizer." + e.getKey());
            if (t == null || t.size() != e.getValue().length) {
                throw new ModelFileException(file, "has no optimizer state \"optimizer." + e.getKey() + "\" of " + e.getValue().length + " values (was it written with another --optimizer?)");
            }
            System.arraycopy(t.data(), 0, e.getValue(), 0, t.size());
        }
        long stored = c.tensors().keySet().stream().filter(k -> k.startsWith("optimizer.")).count();
        if (stored != state.size()) throw new ModelFileException(file, "holds " + stored + " optimizer tensors; this run's optimizer has " + state.size());
    }
}
