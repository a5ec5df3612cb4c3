package dev.calllog.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of the whole process and of its threads at one moment, grouped by what the threads do; the difference of
 * two snapshots is what a run cost. Threads that ended between the two are only in the process total.
 */
public final class CpuTimes {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** What a thread does, from its name. */
    public enum Group {
        /** The thread that makes the logging calls (or runs the raw loader). */
        CALLER,
        /** The appender's shipping thread. */
        SHIPPER,
        /** The HTTP client's I/O threads. */
        HTTP_CLIENT,
        /** The instant sink's threads. */
        SINK,
        /** Everything else: JIT compilers, GC, the logging framework's own threads. */
        OTHER
    }

    private final long process;
    private final Map<Long, Long> byThread;
    private final Map<Long, Group> groups;

    private CpuTimes(long process, Map<Long, Long> byThread, Map<Long, Group> groups) {
        this.process = process;
        this.byThread = byThread;
        this.groups = groups;
    }

    /** Now, with {@code caller} the thread counted as {@link Group#CALLER}. */
    public static CpuTimes now(Thread caller) {
        Map<Long, Long> byThread = new HashMap<>();
        Map<Long, Group> groups = new HashMap<>();
        long[] ids = THREADS.getAllThreadIds();
        ThreadInfo[] infos = THREADS.getThreadInfo(ids);
        for (int i = 0; i < ids.length; i++) {
            long cpu = THREADS.getThreadCpuTime(ids[i]);
            if (cpu < 0 || infos[i] == null) {
                continue;
            }
            byThread.put(ids[i], cpu);
            groups.put(ids[i], ids[i] == caller.getId() ? Group.CALLER : group(infos[i].getThreadName()));
        }
        return new CpuTimes(OS.getProcessCpuTime(), byThread, groups);
    }

    static Group group(String name) {
        if (name.startsWith("calllog-shipper")) {
            return Group.SHIPPER;
        }
        if (name.startsWith("instant-sink")) {
            return Group.SINK;
        }
        if (name.startsWith("httpclient-dispatch") || name.startsWith("I/O dispatcher")) {
            return Group.HTTP_CLIENT;
        }
        return Group.OTHER;
    }

    /** CPU time used between two snapshots. */
    public record Usage(long processNanos, Map<Group, Long> byGroup) {
        public long nanos(Group g) {
            return byGroup.getOrDefault(g, 0L);
        }
    }

    /**
     * The CPU used since {@code earlier}: the process total, and by group ({@link Group#OTHER} is the rest), with the
     * sink's share as the sink counted it ({@code sinkNanos}: its connection threads come and go).
     */
    public Usage since(CpuTimes earlier, long sinkNanos) {
        Map<Group, Long> out = new EnumMap<>(Group.class);
        long threads = 0;
        for (Map.Entry<Long, Long> e : byThread.entrySet()) {
            long used = e.getValue() - earlier.byThread.getOrDefault(e.getKey(), 0L);
            Group g = groups.get(e.getKey());
            if (g != Group.OTHER && g != Group.SINK) {
                out.merge(g, used, Long::sum);
                threads += used;
            }
        }
        long total = process - earlier.process;
        out.put(Group.SINK, sinkNanos);
        out.put(Group.OTHER, Math.max(0, total - threads - sinkNanos));
        return new Usage(total, out);
    }
}
