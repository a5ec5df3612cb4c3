package com.example.calls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the example's {@code main} as a user runs the application: in a JVM of its own, on this test's class path,
 * with the environment the README's configuration reads. Its output goes to {@code target/<name>.log}.
 */
record ExampleProcess(Instant started, Instant ended, String output) {

    static ExampleProcess run(Class<?> main, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        Path log = Path.of("target", main.getSimpleName() + "-" + args[0] + ".log");
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Instant started = Instant.now();
        Process process = builder.start();
        boolean exited = process.waitFor(3, TimeUnit.MINUTES);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        Instant ended = Instant.now();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(exited).as("%s exited within 3 minutes; its output:%n%s", main.getName(), output).isTrue();
        assertThat(process.exitValue()).as("exit code of %s; its output:%n%s", main.getName(), output).isZero();
        return new ExampleProcess(started, ended, output);
    }
}
