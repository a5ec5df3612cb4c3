package dev.calllog.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A JVM that wants {@code file} in {@code repository}: its fetch leaves {@code marker}, then waits for {@code go} before
 * it writes the file, so a test can hold the repository's lock as long as it needs.
 */
public final class FetchLockProgram {
    private FetchLockProgram() {}

    public static void main(String[] args) {
        Path repository = Path.of(args[0]);
        Path file = Path.of(args[1]);
        Path marker = Path.of(args[2]);
        Path go = Path.of(args[3]);
        Path result = FetchLock.once(repository, file, () -> fetch(file, marker, go));
        System.out.println("returned " + result);
    }

    /** What a fetch leaves: {@code file}, with its directories. */
    static Path write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "artifact");
    }

    private static Path fetch(Path file, Path marker, Path go) {
        try {
            Files.writeString(marker, "fetching");
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (!Files.exists(go)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no " + go + " within 2 minutes");
                }
                Thread.sleep(10);
            }
            return write(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
