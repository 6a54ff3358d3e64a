package org.rnn4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.rnn4j.model.Model;
import org.rnn4j.task.Task;
import org.rnn4j.train.Example;

/**
 * The examples a run trains and validates on, each read anew at every pass: the training file, and a validation
 * file or every N-th example of the training file held out ({@code --valid-split}); {@code valid} is null when
 * there is nothing to validate on.
 */
record TrainingData<X, Y>(Supplier<Stream<Example<X, Y>>> train, Supplier<Stream<Example<X, Y>>> valid) {

    static <X, Y, M extends Model<X, Y>> TrainingData<X, Y> of(RunSpec spec, Task<X, Y, M> task) {
        Path trainFile = Path.of(spec.train());
        int every = spec.validSplit() > 0 ? Math.max(2, (int) Math.round(1 / spec.validSplit())) : 0;
        Supplier<Stream<Example<X, Y>>> train = () -> every == 0 ? task.read(trainFile) : split(task.read(trainFile), every, false);
        if (spec.valid() != null) {
            Path validFile = Path.of(spec.valid());
            return new TrainingData<>(train, () -> task.read(validFile));
        }
        if (every == 0) return new TrainingData<>(train, null);
        Supplier<Stream<Example<X, Y>>> valid = () -> split(task.read(trainFile), every, true);
        try (var s = valid.get()) {
            if (s.findAny().isPresent()) return new TrainingData<>(train, valid);
        }
        System.out.printf("too few examples to hold out every %d-th for validation: training without validation%n", every);
        return new TrainingData<>(train, null);
    }

    /** Every {@code every}-th example (validation) or all the others (training). */
    static <T> Stream<T> split(Stream<T> s, int every, boolean validation) {
        AtomicLong i = new AtomicLong();
        return s.filter(e -> (i.getAndIncrement() % every == every - 1) == validation);
    }

    /** The file's name and CRC-32C, as a checkpoint records the data it was trained on. */
    static String fingerprint(Path file) throws IOException {
        CRC32C crc = new CRC32C();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) crc.update(buf, 0, n);
        }
        return file.getFileName() + " crc32c " + Long.toHexString(crc.getValue());
    }
}
