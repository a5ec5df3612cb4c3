package dev.calllog.testsupport.examples;

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
 * An example's {@code main}, run as a user runs the application: in a JVM of its own, on the test's class path, with
 * the environment the README's configuration reads. Its output goes to {@code target/<main>-<first arg>.log}.
 *
 * @param started when the JVM was started
 * @param ended when it had exited
 * @param output what it printed, standard error included
 */
public record ExampleProcess(Instant started, Instant ended, String output) {

    /**
     * Runs {@code main} with {@code args} (at least one: the run's call-id prefix) and waits for it to exit, at most
     * three minutes.
     *
     * @throws AssertionError if it did not exit in time or exited with another code than 0, with its output
     */
    public static ExampleProcess run(Class<?> main, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        Path log = Path.of("target", main.getSimpleName() + "-" + args[0] + ".log");
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Instant started = Instant.now();
        Process process = builder.start();
        boolean exited = process.waitFor(3, TimeUnit.MINUTES);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        Instant ended = Instant.now();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (!exited) {
            throw new AssertionError(main.getName() + " did not exit within 3 minutes; its output:\n" + output);
        }
        if (process.exitValue() != 0) {
            throw new AssertionError(
                    main.getName() + " exited with " + process.exitValue() + "; its output:\n" + output);
        }
        return new ExampleProcess(started, ended, output);
    }
}
