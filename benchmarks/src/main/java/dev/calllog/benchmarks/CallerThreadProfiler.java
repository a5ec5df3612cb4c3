package dev.calllog.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Bytes allocated ({@code caller.alloc.norm}) and CPU time used ({@code caller.cpu.norm}) per operation by the
 * benchmark's calling threads only.
 *
 * <p>JMH's {@code -prof gc} divides the allocation of every thread of the JVM by the operations: for the call-log
 * appender that includes its shipping thread, its HTTP client and the in-process sink. This profiler reads the
 * allocation counters of the threads that registered with {@link #register()} (the callers, in their trial setup),
 * before and after each iteration. Whatever the per-invocation pacing fixture allocates would be counted too; it
 * allocates nothing.
 *
 * <p>The CPU time is the threads' own, so unlike the wall-clock score it does not grow when other processes take the
 * cores; it leaves out the time spent waiting in the pacing fixture, and still includes JMH's own loop and timestamps.
 */
public final class CallerThreadProfiler implements InternalProfiler {
    private static final Set<Long> CALLERS = ConcurrentHashMap.newKeySet();
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** CPU time the callers spent waiting in the pacing fixture: not part of the calls. */
    private static final LongAdder WAITING_CPU = new LongAdder();

    private final Map<Long, Long> allocatedBefore = new HashMap<>();
    private long waitingBefore;
    private final Map<Long, Long> cpuBefore = new HashMap<>();

    /** Called by each benchmark thread once, before it is measured. */
    static void register() {
        CALLERS.add(Thread.currentThread().getId());
    }

    /** The CPU time the current thread spent waiting since {@code startCpuNanos}, to leave out of the figure. */
    static void waited(long startCpuNanos) {
        WAITING_CPU.add(THREADS.getCurrentThreadCpuTime() - startCpuNanos);
    }

    /** The current thread's CPU time. */
    static long cpuNow() {
        return THREADS.getCurrentThreadCpuTime();
    }

    @Override
    public String getDescription() {
        return "bytes allocated per operation by the calling threads only";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        allocatedBefore.clear();
        cpuBefore.clear();
        waitingBefore = WAITING_CPU.sum();
        for (long id : CALLERS) {
            allocatedBefore.put(id, THREADS.getThreadAllocatedBytes(id));
            cpuBefore.put(id, THREADS.getThreadCpuTime(id));
        }
    }

    @Override
    public Collection<? extends Result> afterIteration(
            BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
        long bytes = 0;
        long cpu = 0;
        int threads = 0;
        for (Map.Entry<Long, Long> e : allocatedBefore.entrySet()) {
            long id = e.getKey();
            long allocated = THREADS.getThreadAllocatedBytes(id);
            long cpuNow = THREADS.getThreadCpuTime(id);
            if (allocated >= 0 && e.getValue() >= 0 && cpuNow >= 0) {
                bytes += allocated - e.getValue();
                cpu += cpuNow - cpuBefore.get(id);
                threads++;
            }
        }
        cpu -= WAITING_CPU.sum() - waitingBefore;
        long ops = result.getMetadata().getAllOps();
        if (threads == 0 || ops == 0) {
            return List.of(); // the first iteration: the callers register during it
        }
        return List.of(
                new ScalarResult("caller.alloc.norm", (double) bytes / ops, "B/op", AggregationPolicy.AVG),
                new ScalarResult("caller.cpu.norm", (double) cpu / ops, "ns/op", AggregationPolicy.AVG));
    }
}
