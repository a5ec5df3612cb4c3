package dev.calllog.benchmarks.race;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * One contender's run, in a JVM of its own with its own class path (started by {@link Race}): configures the framework
 * from the contender's file, logs {@code --warmup} events and waits until they arrived, then logs {@code --events}
 * events on {@code --threads} threads as fast as the framework takes them, timing every call, and waits until they
 * arrived (or until nothing more arrives: the rest was lost). Prints one {@code RESULT} line of {@code key=value}
 * pairs: events/s from the first measured call to the arrival of the last event, CPU of this process (all its threads:
 * the callers, the contender's shipping and HTTP threads, GC, JIT), of the callers alone, of the sink or node
 * processes ({@code --peer-pids}), the calls' median, p99 and longest, the events lost, and the heap's peak.
 */
public final class RaceDriver {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private RaceDriver() {}

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = options(argv);
        String framework = a.get("framework");
        Path config = Path.of(a.get("config"));
        String url = a.get("url");
        String index = a.get("index");
        boolean sink = !"node".equals(a.getOrDefault("target", "sink"));
        long warmup = Long.parseLong(a.getOrDefault("warmup", "0"));
        long events = Long.parseLong(a.getOrDefault("events", "100000"));
        int threads = Integer.parseInt(a.getOrDefault("threads", "1"));
        EventShape shape = new EventShape(
                Integer.parseInt(a.getOrDefault("kvs", "3")), Integer.parseInt(a.getOrDefault("message-bytes", "0")));
        long stallMillis = Long.parseLong(a.getOrDefault("stall-millis", sink ? "20000" : "30000"));
        long pollMillis = sink ? 2 : 25;
        List<Long> peerPids = pids(a.get("peer-pids"));

        DriverLogging logging = DriverLogging.of(framework);
        logging.configure(config);
        Arrivals arrivals = new Arrivals(a.getOrDefault("arrivals-url", url), index, sink);
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            long warmLost = 0;
            if (warmup > 0) {
                run(logging, shape, 0, warmup, threads, null);
                Arrivals.Count w = arrivals.await(warmup, stallMillis, pollMillis);
                warmLost = warmup - w.documents();
            }
            long before = arrivals.now().documents();
            Map<String, Long> threads0 = threadGroupCpu();
            long cpu0 = processCpuNanos();
            long peer0 = cpuNanos(peerPids);
            resetPeaks();
            long start = RaceSink.epochMicros();
            Run run = run(logging, shape, warmup, events, threads, new LatencyHistogram[threads]);
            long loggedMicros = RaceSink.epochMicros() - start;
            Arrivals.Count c = arrivals.await(before + events, stallMillis, pollMillis);
            long cpu1 = processCpuNanos();
            long peer1 = cpuNanos(peerPids);
            Map<String, Long> threads1 = threadGroupCpu();
            long arrived = c.documents() - before;
            if (arrived == 0) {
                throw new IllegalStateException("none of the " + events + " events arrived (see the output above)");
            }
            long micros = Math.max(1, c.lastMicros() - start);
            double perMillion = 1e6 / Math.max(1, arrived) / 1e9;
            out.put("events", events);
            out.put("arrived", arrived);
            out.put("lost", events - arrived);
            out.put("warmup_lost", warmLost);
            out.put("events_per_s", fmt(arrived * 1e6 / micros));
            out.put("seconds", fmt(micros / 1e6));
            out.put("logging_seconds", fmt(loggedMicros / 1e6));
            out.put("cpu_s_per_m", fmt((cpu1 - cpu0) * perMillion));
            out.put("caller_cpu_s_per_m", fmt(run.callerCpuNanos * perMillion));
            out.put("peer_cpu_s_per_m", fmt(peerPids.isEmpty() ? 0 : (peer1 - peer0) * perMillion));
            out.put("median_ns", run.latencies.quantile(0.5));
            out.put("p99_ns", run.latencies.quantile(0.99));
            out.put("p999_ns", run.latencies.quantile(0.999));
            out.put("max_ns", run.latencies.max());
            out.put("heap_peak_mib", fmt(heapPeakBytes() / 1048576.0));
            StringBuilder groups = new StringBuilder();
            threads1.forEach((g, n) -> {
                double s = (n - threads0.getOrDefault(g, 0L)) * perMillion;
                if (s >= 0.01) {
                    groups.append(groups.length() == 0 ? "" : ";")
                            .append(g)
                            .append(':')
                            .append(fmt(s));
                }
            });
            out.put("thread_cpu_s_per_m", groups.length() == 0 ? "-" : groups.toString());
        } finally {
            long stop0 = System.nanoTime();
            logging.close();
            out.put("stop_ms", (System.nanoTime() - stop0) / 1_000_000);
        }
        StringBuilder line = new StringBuilder("RESULT");
        out.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
        System.out.println(line);
        System.out.flush();
        System.exit(0); // a contender's non-daemon threads must not keep the JVM up
    }

    private record Run(LatencyHistogram latencies, long callerCpuNanos) {}

    /** Logs events {@code [from, from + n)} on {@code threads} threads; times each call when {@code histograms} given. */
    private static Run run(
            DriverLogging logging, EventShape shape, long from, long n, int threads, LatencyHistogram[] histograms)
            throws InterruptedException {
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        long[] cpu = new long[threads];
        String message = shape.message();
        String[] keys = shape.keys();
        for (int t = 0; t < threads; t++) {
            int id = t;
            long first = from + n * t / threads;
            long last = from + n * (t + 1) / threads;
            Thread w = new Thread(
                    () -> {
                        logging.enterCall();
                        Object[] values = new Object[keys.length];
                        LatencyHistogram h = histograms == null ? null : new LatencyHistogram();
                        try {
                            go.await();
                        } catch (InterruptedException e) {
                            return;
                        }
                        long c0 = THREADS.getCurrentThreadCpuTime();
                        if (h == null) {
                            for (long i = first; i < last; i++) {
                                logging.log(shape, keys, values, message, i);
                            }
                        } else {
                            for (long i = first; i < last; i++) {
                                long t0 = System.nanoTime();
                                logging.log(shape, keys, values, message, i);
                                h.record(System.nanoTime() - t0);
                            }
                            histograms[id] = h;
                        }
                        cpu[id] = THREADS.getCurrentThreadCpuTime() - c0;
                    },
                    "caller-" + t);
            workers.add(w);
            w.start();
        }
        go.countDown();
        for (Thread w : workers) {
            w.join();
        }
        LatencyHistogram all = new LatencyHistogram();
        long callerCpu = 0;
        for (int t = 0; t < threads; t++) {
            if (histograms != null && histograms[t] != null) {
                all.add(histograms[t]);
            }
            callerCpu += cpu[t];
        }
        return new Run(all, callerCpu);
    }

    /**
     * CPU time of this JVM's live threads so far, summed by name with the numbers taken out (the JVM's own threads, GC
     * and compiler, are not Java threads and are not here: they are the process's rest).
     */
    static Map<String, Long> threadGroupCpu() {
        Map<String, Long> m = new java.util.TreeMap<>();
        for (long id : THREADS.getAllThreadIds()) {
            java.lang.management.ThreadInfo info = THREADS.getThreadInfo(id);
            long cpu = THREADS.getThreadCpuTime(id);
            if (info == null || cpu < 0) {
                continue;
            }
            String group = info.getThreadName().replaceAll("[-#]?\\d+", "#").replaceAll("[\\s;:=]", "_");
            m.merge(group, cpu, Long::sum);
        }
        return m;
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * CPU time of these processes and their descendants (a node's launcher may have started the JVM as a child), except
     * this process (a descendant of the runner, whose JVM holds the sink).
     */
    static long cpuNanos(List<Long> pids) {
        long self = ProcessHandle.current().pid();
        long sum = 0;
        for (long pid : pids) {
            ProcessHandle root = ProcessHandle.of(pid).orElse(null);
            if (root == null) {
                continue;
            }
            for (ProcessHandle p :
                    Stream.concat(Stream.of(root), root.descendants()).toList()) {
                if (p.pid() == self) {
                    continue;
                }
                sum += p.info()
                        .totalCpuDuration()
                        .map(java.time.Duration::toNanos)
                        .orElse(0L);
            }
        }
        return sum;
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
    }

    private static long heapPeakBytes() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static List<Long> pids(String s) {
        List<Long> pids = new ArrayList<>();
        if (s != null && !s.isBlank()) {
            for (String p : s.split(",")) {
                pids.add(Long.parseLong(p.trim()));
            }
        }
        return pids;
    }

    static String fmt(double d) {
        return String.format(Locale.ROOT, "%.3f", d);
    }

    static Map<String, String> options(String[] argv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String s : argv) {
            if (!s.startsWith("--") || !s.contains("=")) {
                throw new IllegalArgumentException("expected --name=value, got " + s);
            }
            m.put(s.substring(2, s.indexOf('=')), s.substring(s.indexOf('=') + 1));
        }
        return m;
    }
}
