package dev.calllog.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures of one fault test, printed on standard output and appended to {@code target/fault-figures.txt}, one line
 * per test, so that a run leaves a record of what it measured.
 */
final class Figures {
    private final String test;
    private final Map<String, Object> values = new LinkedHashMap<>();

    Figures(String test) {
        this.test = test;
    }

    Figures put(String name, Object value) {
        values.put(name, value);
        return this;
    }

    long get(String name) {
        return ((Number) values.get(name)).longValue();
    }

    /** The peak resident memory of this process (VmHWM), in MB; -1 where /proc does not tell. */
    static long maxRssMegabytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux: no figure.
        }
        return -1;
    }

    /** Prints and records the figures. */
    void report() {
        StringBuilder sb = new StringBuilder("FIGURES ")
                .append(test)
                .append(" [")
                .append(Scale.mode())
                .append(']');
        values.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        long rss = maxRssMegabytes();
        if (rss >= 0) {
            sb.append(" max_rss_mb=").append(rss); // of this test JVM since it started (the node is apart)
        }
        String line = sb.toString();
        System.out.println(line);
        try {
            Path file = Path.of(System.getProperty("basedir", "."), "target", "fault-figures.txt");
            Files.createDirectories(file.getParent());
            Files.writeString(
                    file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
