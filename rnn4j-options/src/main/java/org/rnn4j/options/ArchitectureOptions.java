package org.rnn4j.options;

import java.util.List;
import org.rnn4j.model.Pooling;
import org.rnn4j.nn.Attention;
import org.rnn4j.nn.CellType;
import org.rnn4j.nn.RnnStack;
import org.rnn4j.task.ModelOptions;
import org.rnn4j.task.Tasks;
import picocli.CommandLine.Option;

/** The recurrent model's shape: cell, sizes, directions, dropout, pooling, attention. */
public final class ArchitectureOptions {
    @Option(names = "--cell", defaultValue = "lstm", converter = Cells.class, completionCandidates = Cells.class,
            description = "The recurrent cell: ${COMPLETION-CANDIDATES} (rnn: the simple RNN, tanh; default ${DEFAULT-VALUE}).") public CellType cell;
    @Option(names = "--hidden", defaultValue = "128", description = "Hidden units H (default ${DEFAULT-VALUE}).") public int hidden;
    @Option(names = "--layers", defaultValue = "1", description = "Stacked layers (default ${DEFAULT-VALUE}).") public int layers;
    @Option(names = "--bidirectional", negatable = true, description = "Read both ways (default: on for tag, off otherwise; never for lm and decoders).") public Boolean bidirectional;
    @Option(names = "--embedding", defaultValue = "64", description = "Embedding size E (default ${DEFAULT-VALUE}).") public int embedding;
    @Option(names = "--forget-bias", paramLabel = "B", description = "LSTM: the forget gate's biases start at B (Keras' unit_forget_bias is 1); default: drawn like every other bias, as PyTorch does.") public Float forgetBias;
    @Option(names = "--residual", description = "Add each stacked layer's input to its output (layers 2 and up), as Feng et al. stack minGRU and minLSTM (default: off).") public boolean residual;
    @Option(names = "--layer-norm", description = "Normalise each stacked layer's input (layers 2 and up, nn.LayerNorm) (default: off).") public boolean layerNorm;
    @Option(names = "--dropout", defaultValue = "0", description = "Dropout between layers (default ${DEFAULT-VALUE}).") public float dropout;
    @Option(names = "--pooling", defaultValue = "LAST", description = "classify, regress: LAST (the last step's output), MEAN or MAX over the true steps (default ${DEFAULT-VALUE}).") public Pooling pooling;
    @Option(names = "--attention", defaultValue = "GENERAL", description = "seq2seq: DOT, GENERAL, ADDITIVE or NONE (default ${DEFAULT-VALUE}).") public String attention;

    /**
     * The checked options as the model's settings for {@code task}.
     *
     * @param kernel  the convolutions' size, for a captioner of images
     * @param filters the convolution blocks' channels, for a captioner of images
     */
    public ModelOptions toModelOptions(String task, int kernel, List<Integer> filters) {
        Bounds.between("--hidden", hidden, 1, 1 << 14);
        Bounds.between("--layers", layers, 1, 64);
        Bounds.between("--embedding", embedding, 1, 1 << 14);
        Bounds.number("--dropout", dropout, 0, false, 0.99);
        if (forgetBias != null) Bounds.number("--forget-bias", forgetBias, -10, false, 10);
        boolean bidir = bidirectional != null ? bidirectional : Tasks.bidirectionalByDefault(task);
        if (bidir && (task.equals("lm") || task.equals("caption"))) throw new IllegalArgumentException("a " + task + " model writes left to right; it cannot be bidirectional");
        if ((residual || layerNorm) && layers < 2) throw new IllegalArgumentException("--residual and --layer-norm join stacked layers: give --layers 2 or more; see rnn4j train --help");
        return new ModelOptions(cell, hidden, layers, bidir, embedding, dropout, attention(attention), pooling, kernel, filters, forgetBias,
                new RnnStack.Stacking(residual, layerNorm));
    }

    /** --attention: DOT, GENERAL, ADDITIVE or NONE, in any case. */
    public static Attention.Score attention(String name) {
        if (name.equalsIgnoreCase("none")) return null;
        for (Attention.Score s : Attention.Score.values()) if (s.name().equalsIgnoreCase(name)) return s;
        throw new IllegalArgumentException("--attention must be DOT, GENERAL, ADDITIVE or NONE, got \"" + name + "\"; see rnn4j train --help");
    }
}
