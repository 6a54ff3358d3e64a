package org.rnn4j.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.rnn4j.io.ModelFileException;
import org.rnn4j.io.SafeTensors;
import org.rnn4j.nn.CellType;
import org.rnn4j.nn.Param;
import org.rnn4j.nn.RnnStack;
import org.rnn4j.tensor.Compute;
import org.rnn4j.tensor.Precision;
import org.rnn4j.tensor.Tensor;

/**
 * Model files (DESIGN.md): every parameter under its PyTorch module path, and in the metadata {@code format=rnn4j},
 * {@code version}, the {@code kind}, the {@code config} as JSON and the caller's provenance (seed, data
 * fingerprint, vocabularies, ...). {@link #load} rebuilds the model from its config and checks that every
 * parameter is present with its shape; {@link #loadWeights} fills a model built by the caller from any
 * safetensors file with the same names (such as PyTorch's export of an equivalent module).
 */
public final class Models {
    public static final String FORMAT = "rnn4j";
    public static final int VERSION = 2;
    /**
     * The version of a file whose weights are stored in a low precision (BF16, or I8 with scales), which readers
     * of version 2 refuse by its number; float32 files stay version 2.
     */
    public static final int LOW_PRECISION_VERSION = 3;
    /** The library's version, recorded in every model file. */
    public static final String RNN4J_VERSION = "0.1.0";
    private static final ObjectMapper JSON = org.rnn4j.parse.StrictJson.MAPPER;

    private Models() {}

    /** The kinds of model a file can hold, with the config record each is built from. */
    private enum Kind {
        MANY_TO_ONE("many-to-one", ManyToOne.Config.class),
        MANY_TO_MANY("many-to-many", ManyToMany.Config.class),
        ONE_TO_MANY("one-to-many", OneToMany.Config.class),
        SEQ2SEQ("seq2seq", Seq2Seq.Config.class),
        ONE_TO_ONE("one-to-one", OneToOne.Config.class);

        final String id;
        final Class<? extends Record> config;

        Kind(String id, Class<? extends Record> config) {
            this.id = id;
            this.config = config;
        }

        Model<?, ?> build(Record c, Compute compute) {
            var rng = new SplittableRandom(0);          // weights are overwritten by the file's
            return switch (this) {
                case MANY_TO_ONE -> new ManyToOne((ManyToOne.Config) c, compute, rng);
                case MANY_TO_MANY -> new ManyToMany((ManyToMany.Config) c, compute, rng);
                case ONE_TO_MANY -> new OneToMany((OneToMany.Config) c, compute, rng);
                case SEQ2SEQ -> new Seq2Seq((Seq2Seq.Config) c, compute, rng);
                case ONE_TO_ONE -> new OneToOne((OneToOne.Config) c, compute, rng);
            };
        }

        static Kind of(Record config) {
            for (Kind k : values()) if (k.config.isInstance(config)) return k;
            throw new IllegalArgumentException("no model kind has config " + config.getClass().getName());
        }
    }

    /** A loaded model and the metadata of its file (provenance, vocabularies). */
    public record Loaded(Model<?, ?> model, Map<String, String> metadata) {}

    static void save(Model<?, ?> model, Path file, Map<String, String> provenance) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Param p : model.params()) tensors.put(p.name(), p.value());
        Precision precision = precision(model);
        Map<String, String> meta = new LinkedHashMap<>(provenance);
        meta.put("format", FORMAT);
        meta.put("version", Integer.toString(precision == Precision.FLOAT32 ? VERSION : LOW_PRECISION_VERSION));
        if (precision != Precision.FLOAT32) meta.put("precision", precision.name().toLowerCase(java.util.Locale.ROOT));
        else meta.remove("precision");
        meta.put("kind", Kind.of(model.config()).id);
        meta.put("config", JSON.writeValueAsString(model.config()));
        meta.putIfAbsent("created", Instant.now().toString());
        meta.putIfAbsent("rnn4j_version", RNN4J_VERSION);
        SafeTensors.write(file, tensors, meta);
    }

    /** Reads a model file written by {@link Model#save}. */
    public static Loaded load(Path file, Compute compute) throws IOException {
        SafeTensors.Header header = SafeTensors.header(file);              // the config is proven against the header before any data is read
        Map<String, String> meta = header.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new ModelFileException(file, "has no rnn4j metadata (format = " + meta.get("format")
                    + "); to use weights exported from PyTorch, build the model from its config and call Models.loadWeights");
        }
        if (!Integer.toString(VERSION).equals(meta.get("version")) && !Integer.toString(LOW_PRECISION_VERSION).equals(meta.get("version"))) {
            throw new ModelFileException(file, "has format version " + meta.get("version") + "; this rnn4j reads versions " + VERSION + " and " + LOW_PRECISION_VERSION);
        }
        if (!meta.containsKey(SafeTensors.CHECKSUM)) throw new ModelFileException(file, "has no checksum; every rnn4j model file carries one (a damaged header?)");
        Kind kind = null;
        for (Kind k : Kind.values()) if (k.id.equals(meta.get("kind"))) kind = k;
        if (kind == null) throw new ModelFileException(file, "holds an unknown model kind \"" + meta.get("kind") + "\"");
        Record config;
        try {
            config = JSON.readValue(String.valueOf(meta.get("config")), kind.config);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new ModelFileException(file, "has an invalid " + kind.id + " config: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (config == null) throw new ModelFileException(file, "has no " + kind.id + " config");
        long expected = Parameters.of(config), stored = header.elements();
        if (expected != stored) {
            throw new ModelFileException(file, "has a " + kind.id + " config that describes " + (expected == Long.MAX_VALUE ? "more than 2^63" : expected)
                    + " parameters, but the file holds " + stored + " (a changed config?)");
        }
        SafeTensors.Contents c = SafeTensors.read(file, expected);
        if (!c.metadata().equals(meta)) throw new ModelFileException(file, "changed while it was read");
        Model<?, ?> model;
        try {
            model = kind.build(config, compute);
        } catch (RuntimeException e) {
            throw new ModelFileException(file, "has a " + kind.id + " config rnn4j cannot build (" + e + "): " + meta.get("config"));
        }
        copy(file, c.tensors(), model.params());
        return new Loaded(model, meta);
    }

    /** Fills {@code model}'s parameters from a safetensors file that has exactly its names and shapes. */
    /**
     * A bare PyTorch {@code nn.RNN}, {@code nn.LSTM} or {@code nn.GRU} (its {@code state_dict} saved as safetensors:
     * {@code weight_ih_l0}, {@code weight_hh_l0}, {@code bias_ih_l0}, {@code bias_hh_l0}, ..., {@code _reverse} for the
     * backward direction) as an {@link RnnStack}: input size F, hidden size H, layers L and directions from the names
     * and shapes, the weights copied by name. A file with other tensors (a projection, no biases) or other shapes is
     * refused with the tensor named.
     *
     * @param cell the cell the weights are for: RNN_TANH and RNN_RELU have the same shapes; LSTM gates are 4H, GRU 3H
     */
    public static RnnStack loadRnnStack(Path file, CellType cell, Compute compute) throws IOException {
        Map<String, Tensor> tensors = SafeTensors.read(file).tensors();
        Tensor ih = tensors.get("weight_ih_l0"), hh = tensors.get("weight_hh_l0");
        if (ih == null || hh == null || ih.shape().length != 2 || hh.shape().length != 2) {
            throw new ModelFileException(file, "has no 2-d weight_ih_l0 and weight_hh_l0; expected the state_dict of a PyTorch nn.RNN, nn.LSTM or nn.GRU");
        }
        int hidden = hh.dim(1), layers = 0;
        while (tensors.containsKey("weight_ih_l" + layers)) layers++;
        if (ih.dim(0) != cell.gates() * hidden) {
            throw new ModelFileException(file, "weight_ih_l0 has " + ih.dim(0) + " rows for H = " + hidden + "; a " + cell + " has " + cell.gates() + "·H = "
                    + cell.gates() * hidden + " (is it another kind of cell?)");
        }
        RnnStack stack = new RnnStack(new RnnStack.Config(cell, ih.dim(1), hidden, layers, tensors.containsKey("weight_ih_l0_reverse"), 0f),
                compute, new SplittableRandom(0));                   // every weight is overwritten below
        copy(file, tensors, stack.params());
        return stack;
    }

    public static void loadWeights(Model<?, ?> model, Path file) throws IOException {
        copy(file, SafeTensors.read(file).tensors(), model.params());
    }

    private static void copy(Path file, Map<String, Tensor> tensors, List<Param> params) {
        Set<String> expected = new HashSet<>();
        for (Param p : params) {
            expected.add(p.name());
            Tensor t = tensors.get(p.name());
            if (t == null) throw new ModelFileException(file, "has no tensor \"" + p.name() + "\" " + java.util.Arrays.toString(p.value().shape()) + " that the model needs");
            t.requireShape("model file " + file + " tensor \"" + p.name() + "\"", p.value().shape());
        }
        for (String name : tensors.keySet()) {
            if (!expected.contains(name)) throw new ModelFileException(file, "has a tensor \"" + name + "\" that this model does not have (a different architecture?)");
        }
        for (Param p : params) {
            float[] values = tensors.get(p.name()).data();
            for (int i = 0; i < values.length; i++) {
                if (!Float.isFinite(values[i])) throw new ModelFileException(file, "has a weight that is " + values[i] + " in tensor \"" + p.name() + "\" at " + i + "; a model with NaN or infinite weights predicts nothing (train again, perhaps with a lower --lr)");
            }
        }
        for (Param p : params) {
            Tensor t = tensors.get(p.name());
            if (t.stored() != null) {
                p.value().store(t.stored());                        // a low-precision weight stays one
            } else {
                System.arraycopy(t.data(), 0, p.value().data(), 0, p.value().size());
                p.value().changed();
            }
        }
    }

    /**
     * Stores every weight matrix of {@code model} (each 2-d parameter: recurrent, dense, attention and embedding
     * weights; biases stay float32) in {@code precision} for inference: the values are rounded to it and the layers
     * multiply with the compact form ({@link org.rnn4j.tensor.LowPrecision}); {@link Model#save} then writes it.
     * Float32 leaves the values as they are. Training such a model updates the weights in float32 again.
     */
    public static void quantize(Model<?, ?> model, Precision precision) {
        for (Param p : model.params()) {
            if (p.value().shape().length == 2 && p.value().stored() == null) p.value().store(precision);
        }
    }

    /** The precision of {@code model}'s weights: a low one when any weight is stored in it, else float32. */
    public static Precision precision(Model<?, ?> model) {
        for (Param p : model.params()) if (p.value().stored() != null) return p.value().stored().precision();
        return Precision.FLOAT32;
    }
}
