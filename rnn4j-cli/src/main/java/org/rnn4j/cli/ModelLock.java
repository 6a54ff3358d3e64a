package org.rnn4j.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a model path for the length of a training run ({@code MODEL.lock}, an operating-system file
 * lock): a second run writing the same model refuses at once instead of mixing its model and checkpoint with the
 * first's. The system releases the lock when the process ends, even by kill -9.
 */
final class ModelLock implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private ModelLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    static ModelLock acquire(Path model) throws IOException {
        Path file = Path.of(model + ".lock");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalArgumentException(model + ": another rnn4j train is writing this model (" + file + " is locked); wait for it to finish, or choose another --model");
        }
        return new ModelLock(file, channel, lock);
    }

    /** Releases the lock. The file stays: deleting it could let two later runs lock two different files. */
    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
