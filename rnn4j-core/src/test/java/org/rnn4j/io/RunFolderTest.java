package org.rnn4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A model's run folder is NAME.run beside NAME.safetensors unless a folder is given, and holds three files. */
class RunFolderTest {
    @Test
    void besideTheModelUnlessGiven() {
        Path model = Path.of("/models/spam.safetensors");
        RunFolder f = RunFolder.of(model, null);
        assertEquals(Path.of("/models/spam.run"), f.dir());
        assertEquals(List.of(Path.of("/models/spam.run/checkpoint.safetensors"), Path.of("/models/spam.run/report.html"), Path.of("/models/spam.run/report.json")), f.files());
        assertEquals(Path.of("/runs/a"), RunFolder.of(model, Path.of("/runs/a")).dir());
        assertEquals(Path.of("/models/weights.bin.run"), RunFolder.of(Path.of("/models/weights.bin"), null).dir(), "another extension is kept in the name");
        assertEquals(Path.of("/models/.safetensors.run"), RunFolder.of(Path.of("/models/.safetensors"), null).dir(), "a name that is only the extension keeps it");
    }
}
