package dev.calllog.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One fetch at a time into a local Maven repository, across every JVM and thread that shares it: test JVMs started
 * side by side on a fresh machine would otherwise each run {@code mvn} for the same missing file, and Maven's
 * concurrent writes of one artifact collide ({@code ….part (No such file or directory)}).
 */
final class FetchLock {
    static final String FILE_NAME = ".calllog-fetch.lock";
    static final String WAITING = "Waiting for another process fetching into ";

    /** A file lock is held per JVM, so threads of one JVM queue here before they ask the file system. */
    private static final ReentrantLock IN_THIS_JVM = new ReentrantLock();

    private FetchLock() {}

    /**
     * {@code file} when it is there; else {@code fetch}'s result, run while holding the repository's lock, unless the
     * file appeared while this waited for the lock (another process fetched it).
     */
    static Path once(Path repository, Path file, Supplier<Path> fetch) {
        if (Files.isRegularFile(file)) {
            return file;
        }
        Path lockFile = repository.resolve(FILE_NAME);
        IN_THIS_JVM.lock();
        try {
            Files.createDirectories(repository);
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = acquire(channel, repository)) {
                return Files.isRegularFile(file) ? file : fetch.get();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot lock " + lockFile + " to fetch " + file, e);
        } finally {
            IN_THIS_JVM.unlock();
        }
    }

    private static FileLock acquire(FileChannel channel, Path repository) throws IOException {
        FileLock lock = channel.tryLock();
        if (lock != null) {
            return lock;
        }
        System.err.println(WAITING + repository);
        return channel.lock();
    }
}
