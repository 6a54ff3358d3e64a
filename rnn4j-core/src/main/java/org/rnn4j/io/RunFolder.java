package org.rnn4j.io;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a training run keeps what is not the model: {@code NAME.run/} beside {@code NAME.safetensors} (or the
 * folder {@code --run-dir} names), holding the report ({@code report.html}, self-contained, and the numbers behind
 * it in {@code report.json}) and, while the run goes on, its checkpoint ({@code checkpoint.safetensors}), which a
 * successful run removes unless asked to keep it. A folder of trained models thus holds one file and one folder per
 * model.
 *
 * @param dir the folder
 */
public record RunFolder(Path dir) {
    public static final String EXTENSION = ".safetensors";

    /** The run folder of {@code model}: {@code runDir} when given, else the model's name with {@code .run} beside it. */
    public static RunFolder of(Path model, Path runDir) {
        if (runDir != null) return new RunFolder(runDir);
        String name = model.getFileName().toString();
        String base = name.endsWith(EXTENSION) && name.length() > EXTENSION.length() ? name.substring(0, name.length() - EXTENSION.length()) : name;
        return new RunFolder(model.toAbsolutePath().resolveSibling(base + ".run"));
    }

    public Path checkpoint() { return dir.resolve("checkpoint.safetensors"); }

    public Path reportHtml() { return dir.resolve("report.html"); }

    public Path reportJson() { return dir.resolve("report.json"); }

    /** Every file of the folder a run writes. */
    public List<Path> files() {
        return List.of(checkpoint(), reportHtml(), reportJson());
    }
}
