package dev.calllog.benchmarks;

import dev.calllog.core.metrics.ShippingMetrics;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one logging call of a call-log event on the caller's thread (1.): the call-log appender against the same
 * call with no appender and with the framework's asynchronous appender in front of one that does nothing.
 *
 * <p>The call-log appender ships to an {@link InstantBulkSink} in the same JVM. Its buffer must never fill, or the
 * benchmark would time the drop path: every 256 calls, outside the timed call (a per-invocation fixture), a caller
 * that finds more than {@value #MAX_BACKLOG} events logged and not yet received by the sink waits until the backlog
 * is down to a quarter. The asynchronous appenders are paced the same way on their queue. An iteration that saw a drop
 * fails the run.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class CallerCost {
    /** Events logged and not yet shipped (or queued) above which callers wait, outside the timed call. */
    static final long MAX_BACKLOG = 16_384;

    /** Logback through SLF4J 2's fluent API; Log4j through its API, with a {@code MapMessage}. */
    @Param({"LOGBACK", "LOG4J2"})
    public Framework framework;

    @Param({"CALLLOG", "NO_APPENDER", "ASYNC_NOP"})
    public Variant appender;

    InstantBulkSink sink;
    CallLogging logging;
    final AtomicLong logged = new AtomicLong();

    @Setup(Level.Trial)
    public void start() throws IOException {
        sink = InstantBulkSink.start();
        logging = framework.open(appender, Settings.defaults(sink.url()));
    }

    @TearDown(Level.Iteration)
    public void checkNoDrops() {
        ShippingMetrics.Snapshot m = logging.metrics();
        if (m != null && m.droppedTotal() != 0) {
            throw new IllegalStateException("the call-log appender dropped events: the drop path was measured: " + m);
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        logging.close();
        sink.close();
    }

    long backlog() {
        return appender == Variant.CALLLOG ? logged.get() - sink.documents() : logging.queued();
    }

    /** What each calling thread holds: the call's ids in its MDC, and its count of calls. */
    @State(Scope.Thread)
    public static class Caller {
        long i;

        @Setup(Level.Trial)
        public void enterCall(CallerCost bench) {
            bench.logging.enterCall();
            CallerThreadProfiler.register();
        }

        /** Not timed: keeps the appenders' buffers from filling. */
        @Setup(Level.Invocation)
        public void pace(CallerCost bench) {
            if ((++i & 255) != 0) {
                return;
            }
            bench.logged.addAndGet(256);
            if (bench.backlog() > (bench.appender == Variant.CALLLOG ? MAX_BACKLOG : Variant.ASYNC_QUEUE_SIZE / 2)) {
                long resume = bench.appender == Variant.CALLLOG ? MAX_BACKLOG / 4 : 0;
                long cpu = CallerThreadProfiler.cpuNow();
                while (bench.backlog() > resume) {
                    LockSupport.parkNanos(20_000);
                }
                CallerThreadProfiler.waited(cpu);
            }
        }
    }

    @Benchmark
    public void logCallEvent(Caller caller) {
        logging.log(caller.i);
    }
}
