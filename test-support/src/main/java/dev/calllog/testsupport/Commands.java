package dev.calllog.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs short external commands (id, useradd, chown, mvn, opensearch-plugin) and captures their output. */
final class Commands {
    private Commands() {}

    /** Exit status and merged stdout/stderr of a finished command. */
    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    static Result run(List<String> command, Path directory, Duration timeout) {
        return run(command, directory, timeout, Map.of());
    }

    /** Runs {@code command} with {@code env} added to this process's environment. */
    static Result run(List<String> command, Path directory, Duration timeout, Map<String, String> env) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // Options meant for this JVM (agents, debuggers) must not leak into the tools' JVMs.
        List.of("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS").forEach(builder.environment()::remove);
        builder.environment().putAll(env);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            // Typically "No such file or directory": the program is not installed or not on PATH.
            return new Result(127, String.join(" ", command) + ": " + e.getMessage());
        }
        try {
            process.getOutputStream().close();
            // Drained on another thread so a chatty command cannot block on a full pipe while we wait for it.
            StringBuilder output = new StringBuilder();
            Thread reader = new Thread(() -> output.append(readAll(process.getInputStream())), "command-output");
            reader.setDaemon(true);
            reader.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor();
                reader.join(1_000);
                return new Result(-1, String.join(" ", command) + ": timed out after " + timeout + "\n" + output);
            }
            reader.join(5_000);
            return new Result(process.exitValue(), output.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + command, e);
        }
    }

    static Result run(String... command) {
        return run(List.of(command), null, Duration.ofSeconds(60));
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
