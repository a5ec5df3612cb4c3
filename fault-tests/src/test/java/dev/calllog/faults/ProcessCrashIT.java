package dev.calllog.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.testsupport.OpenSearchExtension;
import dev.calllog.testsupport.OpenSearchNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application process killed (SIGKILL) while the node is down, then started again on the same spool with the node
 * up: every event accepted before the last durability point arrives exactly once.
 */
@ExtendWith(OpenSearchExtension.class)
class ProcessCrashIT {
    @TempDir
    Path tmp;

    @Test
    void everyEventBeforeTheLastDurabilityPointArrivesExactlyOnceAfterAKill(OpenSearchNode node) throws Exception {
        Duration logging = Scale.of(Duration.ofSeconds(6), Duration.ofSeconds(30));
        String stream = "calllog-fault-crash";
        String spool = tmp.resolve("spool").toString();
        int rate = 1_000;

        node.kill();
        Process first = child("log", node.url(), stream, spool, "crash", String.valueOf(rate));
        AtomicReference<String> lastLine = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("logged ")) {
                        lastLine.set(line);
                    }
                }
            } catch (IOException ignored) {
                // The process was killed.
            }
        });
        reader.start();
        long target = rate * logging.toSeconds();
        Waits.until(
                "the child logged " + target + " events, some of them durable, with the node down",
                Duration.ofMinutes(5),
                () -> {
                    String l = lastLine.get();
                    if (l == null) {
                        return false;
                    }
                    String[] f = l.split(" ");
                    return Long.parseLong(f[1]) >= target && Long.parseLong(f[3]) > 0;
                });
        String beforeKill = lastLine.get();
        first.destroyForcibly(); // SIGKILL
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        reader.join(5_000);
        assertThat(beforeKill).as("the child reported its progress").isNotNull();
        // The last line printed before the kill: a lower bound of what was accepted and made durable.
        String[] last = lastLine.get().split(" ");
        long logged = Long.parseLong(last[1]);
        long durable = Long.parseLong(last[3]);

        node.start();
        Process second = child("drain", node.url(), stream, spool);
        List<String> out = new ArrayList<>();
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(second.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.add(line);
            }
        }
        assertThat(second.waitFor(6, TimeUnit.MINUTES)).isTrue();
        assertThat(second.exitValue()).as(String.join("\n", out)).isZero();
        String drained =
                out.stream().filter(l -> l.startsWith("drained ")).findFirst().orElseThrow();

        List<Long> numbers = Docs.numbers(node.http(), stream, "crash");
        long documents = Docs.countCall(node.http(), stream, "crash");
        Docs.Tally beforePoint = Docs.Tally.of(durable, numbers, documents);
        long distinct = numbers.stream().distinct().count();
        new Figures("process-killed-with-spool")
                .put("logged_at_last_report", logged)
                .put("durable_at_last_report", durable)
                .put("indexed", documents)
                .put("duplicates", beforePoint.duplicates())
                .put("lost_before_durability_point", beforePoint.lost())
                .put("indexed_after_durability_point", distinct - durable)
                .put("second_run", drained.substring("drained ".length()).replace(' ', ':'))
                .report();
        assertThat(durable).as("events were made durable before the kill").isPositive();
        assertThat(beforePoint.lost()).isZero();
        assertThat(beforePoint.duplicates()).isZero();
        assertThat(distinct).isGreaterThanOrEqualTo(durable);
    }

    private static Process child(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(SpoolingChild.class.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }
}
