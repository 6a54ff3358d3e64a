package org.rnn4j.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rnn4j.data.Labels;
import org.rnn4j.data.Tokenizer;
import org.rnn4j.data.Vocabulary;
import org.rnn4j.model.InputSpec;
import org.rnn4j.model.ManyToMany;
import org.rnn4j.model.ManyToOne;
import org.rnn4j.model.Model;
import org.rnn4j.model.Target;
import org.rnn4j.onnx.Onnx;
import org.rnn4j.task.ClassifyTask;
import org.rnn4j.task.Encoder;
import org.rnn4j.task.Format;
import org.rnn4j.task.RegressTask;
import org.rnn4j.task.Scaling;
import org.rnn4j.task.Source;
import org.rnn4j.task.TagTask;
import org.rnn4j.task.Task;
import org.rnn4j.task.Tasks;
import org.rnn4j.tensor.Compute;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rnn4j import --onnx IN.onnx OUT.safetensors}: a recurrent model PyTorch exported to ONNX as an rnn4j model
 * file. With {@code --task} (and for token input {@code --vocab}; for classes {@code --labels}) the file also says how
 * to read text and name the outputs, so predict, evaluate and serve run it as a trained model.
 */
@Command(name = "import", mixinStandardHelpOptions = true, description = "Read a recurrent model PyTorch exported to ONNX as an rnn4j model file.")
final class ImportCommand implements Callable<Integer> {
    @Option(names = "--onnx", required = true, description = "Read ONNX: embedding, RNN/LSTM/GRU and linear layers as torch.onnx.export writes them.") boolean onnx;
    @Parameters(index = "0", paramLabel = "IN", description = "The .onnx file.") Path in;
    @Parameters(index = "1", paramLabel = "OUT", description = "The rnn4j model file to write.") Path out;
    @Option(names = "--task", paramLabel = "TASK", description = "classify, tag or regress: what the model does, for predict, evaluate and serve (default: none, for the Java API).") String task;
    @Option(names = "--vocab", paramLabel = "FILE", description = "Token input: the tokens by id, one a line; ids 0-3 are <pad>, <unk>, <bos>, <eos>.") Path vocab;
    @Option(names = "--tokenizer", converter = org.rnn4j.options.TokenizerConverter.class, defaultValue = "words", paramLabel = "NAME", description = "How text becomes tokens: words, chars or split (default ${DEFAULT-VALUE}).") Tokenizer tokenizer;
    @Option(names = "--labels", paramLabel = "FILE", description = "classify and tag: the classes by output index, one a line.") Path labels;
    @Option(names = "--verbose", description = "Show stack traces of failures.") boolean verbose;

    @Override
    public Integer call() throws Exception {
        Require.readable("IN", in);
        Require.readable("--vocab", vocab);
        Require.readable("--labels", labels);
        Require.writable("OUT", out, in, vocab, labels);
        if (task != null && !List.of("classify", "tag", "regress").contains(task)) throw new IllegalArgumentException("--task " + task + ": import makes classify, tag or regress models");
        Onnx.Imported imported = Onnx.read(in, "regress".equals(task), new Compute(Compute.bestKernels(), 1));
        Model<?, ?> model = imported.model();
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("imported_from", in.getFileName().toString());
        provenance.put("onnx_graph", imported.summary());
        if (task != null) provenance.put("task", Tasks.toJson(task(model)));
        model.save(out, provenance);
        System.out.printf("%s: %s%n  %s%s%n", out, imported.summary(), model.getClass().getSimpleName() + " model, " + (task == null ? "no task (use it from the Java API, or import again with --task)" : task),
                imported.inputTimeMajor() || imported.outputTimeMajor() ? "\n  the graph read or wrote [steps, batch, ...]; rnn4j reads and writes batch first" : "");
        return 0;
    }

    /** The task the model file names: how its input is read and its outputs named. */
    private Task<?, ?, ?> task(Model<?, ?> model) throws java.io.IOException {
        InputSpec input = model instanceof ManyToOne m ? m.config().input() : ((ManyToMany) model).config().input();
        Encoder encoder = encoder(input);
        boolean words = encoder instanceof Encoder.Words;
        return switch (task) {
            case "classify" -> {
                ManyToOne m = as(model, ManyToOne.class);
                if (!(m.config().target() instanceof Target.Classes c)) throw new IllegalArgumentException("--task classify needs a model with an output for each class (softmax or logits); this one has " + m.config().target());
                yield new ClassifyTask(words ? new Source(Format.TSV, Source.Tsv.LABEL_TEXT, null, 0, 0) : new Source(Format.JSONL, null, null, 0, 0), encoder, labels(c.count()), null, null);
            }
            case "tag" -> new TagTask(new Source(words ? Format.CONLL : Format.JSONL, null, null, 0, 0), encoder, labels(as(model, ManyToMany.class).config().classes()));
            default -> {
                int outputs = as(model, ManyToOne.class).config().target().width();
                float[] ones = new float[outputs];
                Arrays.fill(ones, 1f);
                yield new RegressTask(words ? new Source(Format.TSV, Source.Tsv.LABEL_TEXT, null, 0, 0) : new Source(Format.JSONL, null, null, 0, 0), encoder, outputs, new Scaling(new float[outputs], ones));
            }
        };
    }

    private Encoder encoder(InputSpec input) throws java.io.IOException {
        if (input instanceof InputSpec.Vectors v) {
            if (vocab != null) throw new IllegalArgumentException("--vocab: the model reads " + v.features() + " features per step, not tokens");
            return new Encoder.Features(v.features(), null);
        }
        int size = ((InputSpec.Tokens) input).vocab();
        if (vocab == null) throw new IllegalArgumentException("the model reads tokens of a vocabulary of " + size + "; give it with --vocab FILE (the tokens by id, one a line)");
        List<String> tokens = lines(vocab);
        if (tokens.size() != size) throw new IllegalArgumentException(vocab + ": " + tokens.size() + " tokens, but the model's embedding has " + size + " rows");
        if (!tokens.subList(0, Math.min(4, tokens.size())).equals(Vocabulary.RESERVED)) {
            throw new IllegalArgumentException(vocab + ": lines 1-4 are " + tokens.subList(0, Math.min(4, tokens.size())) + "; rnn4j's vocabularies keep ids 0-3 for " + Vocabulary.RESERVED);
        }
        return new Encoder.Words(tokenizer, new Vocabulary(tokens));
    }

    private Labels labels(int classes) throws java.io.IOException {
        if (labels == null) throw new IllegalArgumentException("--task " + task + " needs --labels FILE: the " + classes + " classes by output index, one a line");
        List<String> names = lines(labels);
        if (names.size() != classes) throw new IllegalArgumentException(labels + ": " + names.size() + " labels, but the model has " + classes + " outputs");
        return new Labels(names);
    }

    private static List<String> lines(Path file) throws java.io.IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isEmpty()).toList();
    }

    private <M> M as(Model<?, ?> model, Class<M> kind) {
        if (!kind.isInstance(model)) throw new IllegalArgumentException("--task " + task + " needs a " + kind.getSimpleName() + " model; the graph is a " + model.getClass().getSimpleName());
        return kind.cast(model);
    }
}
