package dev.calllog.benchmarks;

import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.json.ByteBuf;
import dev.calllog.core.internal.mapping.CallLogMapper;
import dev.calllog.core.internal.mapping.CallLogRecord;
import dev.calllog.core.internal.mapping.DocumentWriter;
import dev.calllog.core.internal.mapping.SourceEvent;
import dev.calllog.core.internal.mapping.SourceLevel;
import dev.calllog.core.internal.status.StatusSink;
import dev.calllog.core.internal.status.ThrottledStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Pre-built {@code _bulk} bodies of the benchmark's event, for the raw loaders: the core maps and writes them exactly
 * as the appender would (same fields, same sizes, unique {@code _id}s), before any timing starts.
 */
public final class BulkBodies {
    private BulkBodies() {}

    /** {@code count} NDJSON bodies of {@code batch} documents each. */
    public static List<byte[]> ndjson(int count, int batch) {
        DocumentWriter writer = new DocumentWriter(defaults());
        List<byte[]> bodies = new ArrayList<>(count);
        ByteBuf buf = new ByteBuf(batch * 600);
        Iterator<CallLogRecord> records = records((long) count * batch).iterator();
        for (int b = 0; b < count; b++) {
            buf.reset();
            for (int k = 0; k < batch; k++) {
                writer.writeBulkItem(records.next(), buf);
            }
            bodies.add(buf.copy(0, buf.length()));
        }
        return bodies;
    }

    /** {@code n} records of the benchmark's event, mapped by the core as the appenders map them. */
    public static List<CallLogRecord> records(long n) {
        CallLogConfig config = defaults();
        CallLogMapper mapper = new CallLogMapper(config, config.catalog(), new ThrottledStatus(StatusSink.stderr()));
        List<CallLogRecord> records = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            records.add(mapper.map(new Event(i, Instant.now())));
        }
        return records;
    }

    /** The default settings, validated. */
    public static CallLogConfig defaults() {
        CallLogConfig config = new CallLogConfig();
        if (!config.validate().isEmpty()) {
            throw new IllegalStateException(config.validate().toString());
        }
        return config;
    }

    /** The gzip of {@code body}, at the level the appender uses. */
    public static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4);
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            gz.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The {@code i}-th benchmark event, logged now, as the core's neutral view. */
    public static SourceEvent event(long i) {
        return new Event(i, Instant.now());
    }

    /** The benchmark's event, as the Logback and Log4j adapters present it to the core. */
    private record Event(long i, Instant at) implements SourceEvent {
        @Override
        public SourceLevel level() {
            return SourceLevel.INFO;
        }

        @Override
        public void visitMarkerNames(MarkerVisitor visitor) {
            visitor.visit(CallEvent.EVENT);
        }

        @Override
        public long epochSecond() {
            return at.getEpochSecond();
        }

        @Override
        public int nanoOfSecond() {
            return at.getNano();
        }

        @Override
        public String formattedMessage() {
            return CallEvent.MESSAGE;
        }

        @Override
        public Throwable throwable() {
            return null;
        }

        @Override
        public String contextValue(String key) {
            return switch (key) {
                case CallEvent.CALL_ID_KEY -> CallEvent.CALL_ID;
                case CallEvent.AGENT_ID_KEY -> CallEvent.AGENT_ID;
                default -> null;
            };
        }

        @Override
        public void visitKeyValues(KeyValueVisitor visitor) {
            visitor.visit(CallEvent.KEY_LATENCY, CallEvent.latency(i));
            visitor.visit(CallEvent.KEY_TURN, CallEvent.turn(i));
            visitor.visit(CallEvent.KEY_MODEL, CallEvent.MODEL);
        }
    }
}
