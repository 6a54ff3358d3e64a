package org.rnn4j.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.provider.Arguments;
import org.rnn4j.model.InputSpec;
import org.rnn4j.model.ManyToMany;
import org.rnn4j.model.ManyToOne;
import org.rnn4j.model.Model;
import org.rnn4j.model.OneToMany;
import org.rnn4j.model.Seq2Seq;
import org.rnn4j.nn.Attention;
import org.rnn4j.vision.ConvEncoder;
import org.rnn4j.model.Pooling;
import org.rnn4j.model.RnnSpec;
import org.rnn4j.model.Target;

/**
 * ONNX's own checker (Debian's python3-onnx, {@code onnx.checker.check_model} with {@code full_check}, which also
 * infers every shape) accepts every file the export tests run. Skips, saying so, where python3-onnx is absent; CI
 * installs it.
 */
class CheckerTest {
    static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

    @Test
    void onnxCheckerAcceptsEveryExportedKind(@TempDir Path dir) throws Exception {
        assumeTrue(run(List.of(PYTHON, "-c", "import onnx")).code() == 0, "python3-onnx is not installed (apt-get install python3-onnx); ONNX's checker was not run");
        List<Path> files = new ArrayList<>();
        var rng = new SplittableRandom(3);
        for (Arguments a : ExportTest.manyToOne().toList()) {
            Object[] p = a.get();
            files.addAll(write(dir, new ManyToOne(new ManyToOne.Config((InputSpec) p[0], (RnnSpec) p[1], (Pooling) p[2], (Target) p[3]), ExportTest.COMPUTE, rng), files.size()));
        }
        for (Arguments a : ExportTest.manyToMany().toList()) {
            Object[] p = a.get();
            files.addAll(write(dir, new ManyToMany(new ManyToMany.Config((InputSpec) p[0], (RnnSpec) p[1], (int) p[2]), ExportTest.COMPUTE, rng), files.size()));
        }
        for (Arguments a : ExportTest.languageModels().toList()) {
            files.addAll(write(dir, new ManyToMany(new ManyToMany.Config(new InputSpec.Tokens(30, 8), (RnnSpec) a.get()[0], 30), ExportTest.COMPUTE, rng), files.size()));
        }
        for (Arguments a : GenerationTest.seq2seq().toList()) {
            Object[] p = a.get();
            files.addAll(write(dir, new Seq2Seq(new Seq2Seq.Config((InputSpec) p[2], GenerationTest.V, 7, (RnnSpec) p[0], (Attention.Score) p[1], 2, 3), ExportTest.COMPUTE, rng), files.size()));
        }
        for (Arguments a : GenerationTest.oneToMany().toList()) {
            Object[] p = a.get();
            ConvEncoder.Config image = (ConvEncoder.Config) p[1];
            files.addAll(write(dir, new OneToMany(new OneToMany.Config(image == null ? 6 : image.pixels(), GenerationTest.V, 7, (RnnSpec) p[0], 2, 3, image), ExportTest.COMPUTE, rng), files.size()));
        }
        files.addAll(write(dir, new org.rnn4j.model.OneToOne(new org.rnn4j.model.OneToOne.Config(30, List.of(16), new Target.Classes(3)), ExportTest.COMPUTE, rng), files.size()));
        List<String> command = new ArrayList<>(List.of(PYTHON, "-c",
                "import onnx, sys\nfor p in sys.argv[1:]:\n    onnx.checker.check_model(onnx.load(p), full_check=True)\nprint('checked', len(sys.argv) - 1)"));
        files.forEach(f -> command.add(f.toString()));
        Result r = run(command);
        assertEquals(0, r.code(), r.output());
        assertEquals("checked " + files.size(), r.output().strip());
    }

    static List<Path> write(Path dir, Model<?, ?> model, int i) throws IOException {
        return Onnx.export(model, Map.of(), dir.resolve("model" + i + ".onnx")).stream().map(Onnx.Written::file).toList();
    }

    record Result(int code, String output) {}

    static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }
}
