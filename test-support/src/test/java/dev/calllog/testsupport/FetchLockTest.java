package dev.calllog.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FetchLockTest {
    private static final Duration DEADLINE = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    @Test
    void aFileThatIsThereIsNotFetched() throws IOException {
        Path file = Files.writeString(dir.resolve("a.jar"), "artifact");

        assertThat(FetchLock.once(dir, file, () -> {
                    throw new AssertionError("fetched a file that is there");
                }))
                .isEqualTo(file);
    }

    @Test
    void aSecondJvmWaitsForTheFirstFetchAndDoesNotFetchAgain() throws Exception {
        Path repository = dir.resolve("repository");
        Path file = repository.resolve("g/a/1/a-1.jar");
        Path go = dir.resolve("go");
        Path firstMarker = dir.resolve("first-fetched");
        Path secondMarker = dir.resolve("second-fetched");

        Process first = start(repository, file, firstMarker, go, dir.resolve("first.out"));
        waitUntil("the first JVM is fetching", () -> Files.exists(firstMarker));
        Process second = start(repository, file, secondMarker, go, dir.resolve("second.out"));
        waitUntil("the second JVM waits for the lock", () -> read("second.out").contains(FetchLock.WAITING));
        Files.writeString(go, "go");

        assertThat(first.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(second.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).as(read("first.out")).isZero();
        assertThat(second.exitValue()).as(read("second.out")).isZero();
        assertThat(read("first.out")).contains("returned " + file);
        assertThat(read("second.out")).contains("returned " + file);
        assertThat(secondMarker).as("the second JVM fetched again").doesNotExist();
        assertThat(file).hasContent("artifact");
    }

    @Test
    void threadsOfOneJvmFetchOnce() throws Exception {
        Path file = dir.resolve("g/a/1/a-1.jar");
        CountDownLatch fetching = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger fetches = new AtomicInteger();
        AtomicReference<Path> secondResult = new AtomicReference<>();

        Thread first = new Thread(() -> FetchLock.once(dir, file, () -> {
            fetches.incrementAndGet();
            fetching.countDown();
            await(go);
            return write(file);
        }));
        first.start();
        assertThat(fetching.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        Thread second = new Thread(() -> secondResult.set(FetchLock.once(dir, file, () -> {
            fetches.incrementAndGet();
            return write(file);
        })));
        second.start();
        waitUntil("the second thread waits for the first", () -> second.getState() == Thread.State.WAITING);
        go.countDown();
        first.join(DEADLINE.toMillis());
        second.join(DEADLINE.toMillis());

        assertThat(secondResult.get()).isEqualTo(file);
        assertThat(fetches).hasValue(1);
    }

    private Process start(Path repository, Path file, Path marker, Path go, Path out) throws IOException {
        return new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        FetchLockProgram.class.getName(),
                        repository.toString(),
                        file.toString(),
                        marker.toString(),
                        go.toString())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
    }

    private String read(String name) {
        try {
            Path file = dir.resolve(name);
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void waitUntil(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("within %s: %s", DEADLINE, what).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Path write(Path file) {
        try {
            return FetchLockProgram.write(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
