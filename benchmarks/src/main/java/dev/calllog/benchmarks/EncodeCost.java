package dev.calllog.benchmarks;

import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.json.ByteBuf;
import dev.calllog.core.internal.mapping.CallLogRecord;
import dev.calllog.core.internal.mapping.DocumentWriter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The shipping thread's per-event work in isolation: writing one event's bulk item (action line and document) into the
 * reused batch buffer, as {@code BulkShipper} does for each record it takes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class EncodeCost {
    private static final int RECORDS = 1024;

    /** The personal-data presets switched on ({@code redactPresets}): what they cost on the benchmark's event. */
    @Param({"", "phone,email,card,iban"})
    public String presets;

    private List<CallLogRecord> records;
    private DocumentWriter writer;
    private ByteBuf batch;
    private int next;

    @Setup
    public void setUp() {
        records = BulkBodies.records(RECORDS);
        CallLogConfig config = BulkBodies.defaults();
        config.setRedactPresets(presets);
        writer = new DocumentWriter(config);
        batch = new ByteBuf(RECORDS * 512);
        CallerThreadProfiler.register();
    }

    @Benchmark
    public int writeBulkItem() {
        if (next == RECORDS) {
            next = 0;
            batch.reset();
        }
        writer.writeBulkItem(records.get(next++), batch);
        return batch.length();
    }
}
