package dev.calllog.benchmarks.race;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the time goes, from a JFR recording ({@code -XX:StartFlightRecording=...,settings=profile}): the execution
 * samples per thread group (thread names with their numbers taken out), and for each group the methods that were on
 * top of the stack most often (self) and on the stack at all (total).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.calllog.benchmarks.race.JfrProfile recording.jfr [top] [packagePrefix]
 * </pre>
 *
 * With a package prefix, "self" counts the first frame of that prefix from the top (e.g. {@code dev.calllog} to see
 * which of the project's methods lead to the time, library code included below them).
 */
public final class JfrProfile {
    private JfrProfile() {}

    public static void main(String[] argv) throws IOException {
        Path file = Path.of(argv[0]);
        int top = argv.length > 1 ? Integer.parseInt(argv[1]) : 15;
        String prefix = argv.length > 2 ? argv[2] : null;
        System.out.println(report(file, top, prefix));
    }

    static String report(Path file, int top, String prefix) throws IOException {
        Map<String, Map<String, Integer>> self = new HashMap<>();
        Map<String, Map<String, Integer>> total = new HashMap<>();
        Map<String, Integer> samples = new HashMap<>();
        int all = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedThread t = e.getThread("sampledThread");
            String group =
                    t == null || t.getJavaName() == null ? "?" : t.getJavaName().replaceAll("[-#]?\\d+", "#");
            RecordedStackTrace st = e.getStackTrace();
            if (st == null || st.getFrames().isEmpty()) {
                continue;
            }
            all++;
            samples.merge(group, 1, Integer::sum);
            List<RecordedFrame> frames = st.getFrames();
            String first = null;
            Set<String> seen = new HashSet<>();
            for (RecordedFrame f : frames) {
                String m =
                        f.getMethod().getType().getName() + "." + f.getMethod().getName();
                if (first == null && (prefix == null || m.startsWith(prefix))) {
                    first = m;
                }
                if (seen.add(m)) {
                    total.computeIfAbsent(group, k -> new HashMap<>()).merge(m, 1, Integer::sum);
                }
            }
            self.computeIfAbsent(group, k -> new HashMap<>()).merge(first == null ? "(other)" : first, 1, Integer::sum);
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%d execution samples in %s%n", all, file.getFileName()));
        List<Map.Entry<String, Integer>> groups = sorted(samples);
        for (Map.Entry<String, Integer> g : groups) {
            out.append(String.format(
                    Locale.ROOT,
                    "%n== %s: %d samples (%.1f%%)%n",
                    g.getKey(),
                    g.getValue(),
                    100.0 * g.getValue() / all));
            out.append("  self")
                    .append(prefix == null ? "" : " (first " + prefix + " frame)")
                    .append(":\n");
            for (Map.Entry<String, Integer> m : head(sorted(self.get(g.getKey())), top)) {
                out.append(String.format(
                        Locale.ROOT, "    %5.1f%%  %s%n", 100.0 * m.getValue() / g.getValue(), m.getKey()));
            }
            out.append("  total:\n");
            for (Map.Entry<String, Integer> m : head(sorted(total.get(g.getKey())), top)) {
                out.append(String.format(
                        Locale.ROOT, "    %5.1f%%  %s%n", 100.0 * m.getValue() / g.getValue(), m.getKey()));
            }
        }
        return out.toString();
    }

    private static List<Map.Entry<String, Integer>> sorted(Map<String, Integer> m) {
        List<Map.Entry<String, Integer>> l = new ArrayList<>(m.entrySet());
        l.sort((a, b) -> b.getValue() - a.getValue());
        return l;
    }

    private static <T> List<T> head(List<T> l, int n) {
        return l.subList(0, Math.min(n, l.size()));
    }
}
