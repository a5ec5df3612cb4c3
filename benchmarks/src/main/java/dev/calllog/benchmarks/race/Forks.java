package dev.calllog.benchmarks.race;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starts {@link RaceDriver} for one contender in a JVM of its own, and reads its {@code RESULT} line. */
final class Forks {
    /** The JVM options every contender runs with. */
    static final List<String> JVM_OPTIONS = List.of("-Xms2g", "-Xmx2g", "-XX:+UseG1GC");

    private final Path module;
    private final Path work;
    private final List<String> jvmOptions;
    private boolean jfr;

    Forks(Path module, Path work, List<String> jvmOptions) throws IOException {
        this.module = module;
        this.work = work;
        this.jvmOptions = jvmOptions;
        Files.createDirectories(work);
    }

    /**
     * Records every contender with JFR ({@code settings=profile}) into {@code recording.jfr} in its run's directory;
     * read it with {@link JfrProfile}.
     */
    Forks withJfr(boolean on) {
        this.jfr = on;
        return this;
    }

    /** The benchmarks module's directory, found from where this class was loaded (target/classes or the jar). */
    static Path module() {
        try {
            Path here = Path.of(Forks.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return here.getParent().getParent(); // target/classes or target/benchmarks.jar -> the module
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs {@code contender} with the driver options {@code options} (besides framework and config), shipping to {@code
     * url} into {@code index}; returns the driver's result, or throws with the end of its output.
     */
    Map<String, String> run(
            Contender contender, String run, String url, String index, boolean node, Map<String, String> options)
            throws IOException, InterruptedException {
        Path dir = work.resolve(contender.slug() + "-" + run);
        Files.createDirectories(dir);
        Path config = dir.resolve(contender.framework().equals("logback") ? "logback.xml" : "log4j2.xml");
        Files.writeString(config, contender.configuration(url, index, node));
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(contender.jvmOptions());
        if (jfr) {
            cmd.add("-XX:StartFlightRecording=filename=" + dir.resolve("recording.jfr")
                    + ",settings=profile,dumponexit=true");
        }
        cmd.add("-cp");
        cmd.add(contender.classPath(module));
        cmd.add(RaceDriver.class.getName());
        cmd.add("--framework=" + contender.framework());
        cmd.add("--config=" + config);
        cmd.add("--url=" + url);
        cmd.add("--index=" + index);
        cmd.add("--target=" + (node ? "node" : "sink"));
        options.forEach((k, v) -> cmd.add("--" + k + "=" + v));
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException(contender.name() + " (" + run + "): no result within 15 minutes; see " + dir);
        }
        for (String line : Files.readAllLines(stdout, StandardCharsets.UTF_8)) {
            if (line.startsWith("RESULT ")) {
                Map<String, String> result = new LinkedHashMap<>();
                for (String kv : line.substring(7).split(" ")) {
                    int eq = kv.indexOf('=');
                    result.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
                return result;
            }
        }
        List<String> err = Files.readAllLines(stderr, StandardCharsets.UTF_8);
        throw new IOException(contender.name() + " (" + run + ") exited " + p.exitValue() + " without a result: "
                + String.join("\n", err.subList(Math.max(0, err.size() - 30), err.size())));
    }
}
