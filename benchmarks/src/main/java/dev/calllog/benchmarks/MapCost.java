package dev.calllog.benchmarks;

import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.mapping.CallLogMapper;
import dev.calllog.core.internal.mapping.CallLogRecord;
import dev.calllog.core.internal.mapping.SourceEvent;
import dev.calllog.core.internal.status.StatusSink;
import dev.calllog.core.internal.status.ThrottledStatus;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The core's share of the caller's work in isolation: mapping the benchmark event (seen through the core's neutral
 * view, so without any framework) to the record that goes into the buffer.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class MapCost {
    private static final int EVENTS = 1024;

    private CallLogMapper mapper;
    private SourceEvent[] events;
    private int next;

    @Setup
    public void setUp() {
        CallLogConfig config = BulkBodies.defaults();
        mapper = new CallLogMapper(config, config.catalog(), new ThrottledStatus(StatusSink.stderr()));
        events = new SourceEvent[EVENTS];
        for (int i = 0; i < EVENTS; i++) {
            events[i] = BulkBodies.event(i);
        }
        CallerThreadProfiler.register();
    }

    @Benchmark
    public CallLogRecord map() {
        return mapper.map(events[next++ & (EVENTS - 1)]);
    }
}
