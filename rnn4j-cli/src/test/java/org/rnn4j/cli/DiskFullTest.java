package org.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk, for real: a 64 KiB tmpfs (mounting needs root; elsewhere the test is skipped). Training a model that
 * does not fit ends with one line naming the file and the cause, exit 1, and no half-written or temporary file.
 */
@Tag("process")
class DiskFullTest {
    @TempDir Path dir;
    Path small;

    static boolean run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    @AfterEach
    void unmount() throws Exception {
        if (small != null) run("umount", small.toString());
    }

    @Test
    void aFullDiskNamesTheFileAndLeavesNothingHalfWritten() throws Exception {
        Path mountPoint = Files.createDirectories(dir.resolve("small"));
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mountPoint.toString()), "cannot mount a tmpfs here (not root?)");
        small = mountPoint;
        Path model = small.resolve("m.safetensors");
        Cli.Run r = Cli.run(dir, null, "train", "--task", "classify", "--train", Cli.data("reviews.tsv").toString(), "--model", model.toString(),
                "--epochs", "2", "--hidden", "64");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains(model + ": cannot be written") && r.err().contains("No space left on device"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        try (Stream<Path> left = Files.walk(small)) {
            List<String> files = left.filter(Files::isRegularFile).map(p -> small.relativize(p).toString()).toList();
            assertTrue(files.isEmpty() || files.equals(List.of("m.run/checkpoint.safetensors")), "nothing but a whole checkpoint is left: " + files);
            if (!files.isEmpty()) org.rnn4j.train.Checkpoint.metadata(small.resolve("m.run/checkpoint.safetensors"));   // whole: it reads and its checksum holds
        }
        assertTrue(Files.exists(small.resolve("m.run")) == Files.exists(small.resolve("m.run/checkpoint.safetensors")), "no empty run folder is left");
    }
}
