package dev.calllog.benchmarks;

import com.sun.management.GcInfo;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Heap, NIO buffers (direct and mapped, from {@link BufferPoolMXBean}) and the process's resident set (from {@code
 * /proc/self/status}), sampled while a benchmark runs.
 */
final class MemorySampler {
    private static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private LongSupplier buffered = () -> 0;

    /** One reading. */
    record Sample(long heapUsed, long heapLive, long nio, long rss, long buffered) {}

    /** Where the appender's buffered bytes are read. */
    void bind(LongSupplier bufferedBytes) {
        this.buffered = bufferedBytes;
    }

    Sample sample() {
        return new Sample(
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                heapLive(),
                nio(),
                rss(),
                buffered.getAsLong());
    }

    /**
     * A reading after a full collection: "heap live" is what that collection left, even when a young collection ran
     * after it (the appender's thread keeps working meanwhile), which would count old garbage again.
     */
    Sample sampleAfterGc() {
        com.sun.management.GarbageCollectorMXBean old = null;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            // G1 and Parallel report System.gc()'s full collection on their old-generation collector.
            if (gc instanceof com.sun.management.GarbageCollectorMXBean g
                    && (gc.getName().contains("Old") || gc.getName().contains("MarkSweep"))) {
                old = g;
            }
        }
        long before = old == null ? -1 : old.getCollectionCount();
        System.gc();
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long buffered = this.buffered.getAsLong();
        GcInfo full = old != null && old.getCollectionCount() > before ? old.getLastGcInfo() : null;
        long live = full == null ? used : heapAfter(full);
        return new Sample(
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), live, nio(), rss(), buffered);
    }

    Phase phase(Map<String, Phase> phases, String name) {
        Phase p = new Phase();
        phases.put(name, p);
        return p;
    }

    /** The readings of one phase: maximum and mean of each. */
    final class Phase {
        private long lastSample;
        private int n;
        private final long[] max = new long[5];
        private final double[] sum = new double[5];

        /** Samples when the last sample is older than the interval. */
        void maybeSample(long now) {
            if (n > 0 && now - lastSample < INTERVAL_NANOS) {
                return;
            }
            lastSample = now;
            Sample s = sample();
            long[] v = {s.heapUsed(), s.heapLive(), s.nio(), s.rss(), s.buffered()};
            for (int i = 0; i < v.length; i++) {
                max[i] = Math.max(max[i], v[i]);
                sum[i] += v[i];
            }
            n++;
        }

        String row(String name) {
            StringBuilder sb = new StringBuilder("| ").append(name);
            for (int i = 0; i < max.length; i++) {
                sb.append(" | ")
                        .append(mib(n == 0 ? 0 : (long) (sum[i] / n)))
                        .append(" / ")
                        .append(mib(max[i]));
            }
            return sb.append(" |\n").toString();
        }
    }

    static String header() {
        return "| phase (mean / max) | heap in use | heap live | NIO buffers (direct + mapped) | process RSS |"
                + " appender buffer (estimated) |\n|---|---:|---:|---:|---:|---:|\n";
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    static String heapFlags() {
        List<String> flags = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-Xm") || a.startsWith("-XX:+Use") || a.startsWith("-XX:MaxDirect"))
                .toList();
        long max = Runtime.getRuntime().maxMemory();
        return (flags.isEmpty() ? "the default heap" : "`" + String.join(" ", flags) + "`") + " (max heap " + mib(max)
                + ")";
    }

    /** The heap in use right after the latest collection (young or full): the live set plus not yet collected old. */
    private static long heapLive() {
        GcInfo latest = null;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof com.sun.management.GarbageCollectorMXBean g) {
                GcInfo info = g.getLastGcInfo();
                if (info != null && (latest == null || info.getEndTime() > latest.getEndTime())) {
                    latest = info;
                }
            }
        }
        if (latest == null) {
            return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }
        return heapAfter(latest);
    }

    /** The heap in use right after the collection {@code info} describes. */
    private static long heapAfter(GcInfo info) {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage after = info.getMemoryUsageAfterGc().get(pool.getName());
            if (pool.getType() == MemoryType.HEAP && after != null) {
                sum += after.getUsed();
            }
        }
        return sum;
    }

    private static long nio() {
        long sum = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            sum += Math.max(0, pool.getMemoryUsed());
        }
        return sum;
    }

    static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: unknown
        }
        return -1;
    }
}
