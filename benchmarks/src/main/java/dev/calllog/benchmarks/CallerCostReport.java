package dev.calllog.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link CallerCost} with one and with two calling threads and writes its figures as a Markdown section: median
 * and p99 of the call, the callers' CPU time and allocation per call, and the ratio to the asynchronous appender.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.calllog.benchmarks.CallerCostReport --out=results.md
 * </pre>
 *
 * Options: {@code --forks}, {@code --warmups}, {@code --iterations}, {@code --seconds} (per iteration), {@code
 * --threads} (comma-separated, default {@code 1,2}).
 */
public final class CallerCostReport {
    private CallerCostReport() {}

    /** One benchmark's figures. */
    record Row(
            Framework framework,
            Variant appender,
            int threads,
            double median,
            double p99,
            double p999,
            double callerCpu,
            double callerBytes,
            double allBytes,
            long samples) {}

    public static void main(String[] argv) throws RunnerException, IOException {
        Map<String, String> args = new LinkedHashMap<>();
        for (String a : argv) {
            if (!a.startsWith("--") || !a.contains("=")) {
                throw new IllegalArgumentException("expected --name=value, got " + a);
            }
            args.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
        int forks = Integer.parseInt(args.getOrDefault("forks", "1"));
        int warmups = Integer.parseInt(args.getOrDefault("warmups", "3"));
        int iterations = Integer.parseInt(args.getOrDefault("iterations", "5"));
        int seconds = Integer.parseInt(args.getOrDefault("seconds", "2"));
        List<Row> rows = new ArrayList<>();
        for (String t : args.getOrDefault("threads", "1,2").split(",")) {
            ChainedOptionsBuilder options = new OptionsBuilder()
                    .include(CallerCost.class.getName() + ".logCallEvent")
                    .threads(Integer.parseInt(t.trim()))
                    .forks(forks)
                    .warmupIterations(warmups)
                    .warmupTime(TimeValue.seconds(seconds))
                    .measurementIterations(iterations)
                    .measurementTime(TimeValue.seconds(seconds))
                    .addProfiler(CallerThreadProfiler.class)
                    .addProfiler(GCProfiler.class);
            rows.addAll(rows(new Runner(options.build()).run()));
        }
        String section = markdown(rows, forks, warmups, iterations, seconds);
        System.out.println(section);
        String out = args.get("out");
        if (out != null) {
            Files.writeString(Path.of(out), section + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    static List<Row> rows(Collection<RunResult> results) {
        List<Row> rows = new ArrayList<>();
        for (RunResult r : results) {
            Result<?> primary = r.getPrimaryResult();
            Map<String, Result> secondary = r.getSecondaryResults();
            rows.add(new Row(
                    Framework.valueOf(r.getParams().getParam("framework")),
                    Variant.valueOf(r.getParams().getParam("appender")),
                    r.getParams().getThreads(),
                    primary.getStatistics().getPercentile(50),
                    primary.getStatistics().getPercentile(99),
                    primary.getStatistics().getPercentile(99.9),
                    score(secondary, "caller.cpu.norm"),
                    score(secondary, "caller.alloc.norm"),
                    score(secondary, "gc.alloc.rate.norm"),
                    primary.getSampleCount()));
        }
        return rows;
    }

    private static double score(Map<String, Result> results, String label) {
        Result<?> r = results.get(label);
        return r == null ? Double.NaN : r.getScore();
    }

    static String markdown(List<Row> rows, int forks, int warmups, int iterations, int seconds) {
        StringBuilder md = new StringBuilder("## Caller cost: one logging call of a call-log event\n\n");
        md.append("JMH `SampleTime` (")
                .append(forks)
                .append(" fork, ")
                .append(warmups)
                .append(" warm-up and ");
        md.append(iterations).append(" measured iterations of ").append(seconds).append(" s). The call: ");
        md.append("`agent_message_sent` marker, `call_id` and `agent_id` in the MDC (Log4j: ThreadContext), three ");
        md.append("key-values (Logback: SLF4J 2 fluent `addKeyValue`; Log4j: a `MapMessage`). The call-log appender");
        md.append(" ships to an in-process instant sink; callers pause outside the timed call whenever more than ");
        md.append(CallerCost.MAX_BACKLOG).append(" events wait, so its buffer never fills (no event was dropped).");
        md.append(" The asynchronous appenders (queue ").append(Variant.ASYNC_QUEUE_SIZE);
        md.append(", never discarding) are paced the same way. \"caller\" columns count the calling threads only;");
        md.append(
                " \"all threads\" is JMH's `-prof gc` figure, which includes the appender's own threads and the sink.");
        md.append("\n\n| framework | appender | threads | median ns | p99 ns | p99.9 ns | caller CPU ns/call |");
        md.append(" caller B/call | all threads B/call | median / async |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            Row async = find(rows, r.framework(), Variant.ASYNC_NOP, r.threads());
            md.append("| ").append(r.framework() == Framework.LOGBACK ? "Logback" : "Log4j 2");
            md.append(" | ").append(name(r.appender()));
            md.append(" | ").append(r.threads());
            md.append(" | ").append(fmt(r.median()));
            md.append(" | ").append(fmt(r.p99()));
            md.append(" | ").append(fmt(r.p999()));
            md.append(" | ").append(fmt(r.callerCpu()));
            md.append(" | ").append(fmt(r.callerBytes()));
            md.append(" | ").append(fmt(r.allBytes()));
            md.append(" | ")
                    .append(async == null ? "n/a" : String.format(Locale.ROOT, "%.2f", r.median() / async.median()));
            md.append(" |\n");
        }
        md.append(
                "\nAllocated by the call-log appender on the caller's thread (call-log minus no appender, 1 thread):");
        List<String> parts = new ArrayList<>();
        for (Framework f : Framework.values()) {
            Row c = find(rows, f, Variant.CALLLOG, 1);
            Row n = find(rows, f, Variant.NO_APPENDER, 1);
            if (c != null && n != null) {
                parts.add((f == Framework.LOGBACK ? " Logback " : " Log4j 2 ") + fmt(c.callerBytes() - n.callerBytes())
                        + " B");
            }
        }
        md.append(String.join(",", parts)).append(".\n\nTargets, one thread:\n\n");
        for (Framework f : Framework.values()) {
            Row c = find(rows, f, Variant.CALLLOG, 1);
            Row a = find(rows, f, Variant.ASYNC_NOP, 1);
            if (c == null || a == null) {
                continue;
            }
            String name = f == Framework.LOGBACK ? "Logback" : "Log4j 2";
            md.append("- ")
                    .append(name)
                    .append(": median ")
                    .append(fmt(c.median()))
                    .append(" ns (target at most 250: ")
                    .append(c.median() <= 250 ? "met" : "not met")
                    .append("), p99 ")
                    .append(fmt(c.p99()))
                    .append(" ns (target under 2,000: ")
                    .append(c.p99() < 2_000 ? "met" : "not met")
                    .append("), median ")
                    .append(String.format(Locale.ROOT, "%.2f", c.median() / a.median()))
                    .append("x the asynchronous appender's (target at most 1.5x: ")
                    .append(c.median() <= 1.5 * a.median() ? "met" : "not met")
                    .append(")\n");
        }
        return md.toString();
    }

    private static Row find(List<Row> rows, Framework f, Variant v, int threads) {
        for (Row r : rows) {
            if (r.framework() == f && r.appender() == v && r.threads() == threads) {
                return r;
            }
        }
        return null;
    }

    private static String name(Variant v) {
        return switch (v) {
            case CALLLOG -> "call-log";
            case NO_APPENDER -> "none";
            case ASYNC_NOP -> "async + no-op";
        };
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%,.0f", v);
    }
}
