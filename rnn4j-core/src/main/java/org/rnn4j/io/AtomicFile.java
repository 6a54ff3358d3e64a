package org.rnn4j.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that a crash, a kill or a full disk never leaves it half-written: the bytes go to a temporary
 * file beside it ({@code .NAME…tmp}), are forced to disk, and replace the file by an atomic rename. A failure names
 * the file and removes the temporary one; {@link #removeStale} clears those a killed process left behind.
 */
public final class AtomicFile {
    private AtomicFile() {}

    /** Replaces {@code file} with {@code parts}, in order, or leaves it as it was. */
    public static void write(Path file, ByteBuffer... parts) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));   // an output, not a secret
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                for (ByteBuffer part : parts) {
                    while (part.hasRemaining()) ch.write(part);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new IOException(file + ": cannot be written (" + e + "); the previous version, if any, is kept", e);
        } finally {
            if (tmp != null) Files.deleteIfExists(tmp);
        }
    }

    public static void write(Path file, byte[] bytes) throws IOException {
        write(file, ByteBuffer.wrap(bytes));
    }

    /** Deletes the temporary files of {@link #write} for {@code file} that an interrupted process left. Call it while nothing else writes the file. */
    public static void removeStale(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) return;
        String prefix = "." + file.getFileName();
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(dir, p -> p.getFileName().toString().startsWith(prefix) && p.getFileName().toString().endsWith(".tmp"))) {
            for (Path p : stale) Files.deleteIfExists(p);
        }
    }
}
