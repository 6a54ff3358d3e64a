package org.rnn4j.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a model path for the length of a training run ({@code MODEL.lock}, an operating-system file
 * lock): a second run writing the same model refuses at once instead of mixing its model and checkpoint with the
 * first's. The system releases the lock when the process ends, even by kill -9; a run that ends by itself, done or
 * failed, removes the file.
 *
 * <p>The file is deleted while still locked, and a run that gets the lock checks that the path still names the
 * file it locked (the same file key as when it opened it): one that locked a file deleted in between opens the
 * path again, so two runs never hold locks on two different files of one name.
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
        for (int attempt = 0; ; attempt++) {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            Object opened = key(file);
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
            if (opened != null && opened.equals(key(file))) return new ModelLock(file, channel, lock);
            lock.release();                                                // the file was removed by the run that held it: open the path again
            channel.close();
            if (attempt == 10) throw new IllegalStateException(file + ": the lock file keeps changing; is another program removing it?");
        }
    }

    private static Object key(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /** Removes the lock file, then releases the lock. */
    @Override
    public void close() throws IOException {
        try {
            Files.deleteIfExists(file);
        } finally {
            lock.release();
            channel.close();
        }
    }
}
