package dev.calllog.core.internal.mapping;

import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.json.ByteBuf;
import dev.calllog.core.internal.status.StatusSink;
import dev.calllog.core.internal.status.ThrottledStatus;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Writes call-log documents as NDJSON, one line per event: what the Logback encoder and the Log4j layout write to a
 * console or a file, for a collector (Fluent Bit, Data Prepper, Vector) to ship. Each line is the very document the
 * appender sends for the same event: the same {@link CallLogMapper} decides and snapshots it, the same {@link
 * DocumentWriter} writes it, under the same size rule ({@link DocumentWriter#writeBulkItemWithin}); only the bulk
 * action line is left out.
 *
 * <p>Events that yield no document (not a call-log event, below {@code minLevel}, without a call id) yield an empty
 * array: nothing is written for them. Runs on the logging thread; thread-safe; never throws.
 */
public final class NdjsonDocuments {
    private static final byte[] NONE = new byte[0];

    private final CallLogConfig config;
    private final CallLogMapper mapper;
    private final DocumentWriter writer;
    private final ThrottledStatus status;
    private final LongAdder oversizedDocuments = new LongAdder();
    private final LongAdder failed = new LongAdder();

    private NdjsonDocuments(CallLogConfig config, ThrottledStatus status) {
        this.config = config;
        this.status = status;
        this.mapper = new CallLogMapper(config, config.catalog(), status);
        this.writer = new DocumentWriter(config);
    }

    /**
     * Validates the settings that shape a document and, when all is well, returns the writer; otherwise reports each
     * problem through {@code status} as an error naming the setting, and returns {@code null}.
     *
     * @param what how the component is named in messages, e.g. {@code "Call-log encoder"}
     */
    public static NdjsonDocuments start(CallLogConfig config, StatusSink status, String what) {
        List<String> problems = config.validate();
        if (!problems.isEmpty()) {
            for (String p : problems) {
                status.error(what + " setting " + p);
            }
            return null;
        }
        return new NdjsonDocuments(config, new ThrottledStatus(status));
    }

    /**
     * The document line of a framework event read by {@code reader}: the document and {@code \n}, UTF-8; an empty
     * array when the event yields no document (or, reported and counted, when writing it failed).
     */
    public <E> byte[] encode(E event, EventReader<E> reader) {
        try {
            CallLogRecord r = mapper.map(event, reader);
            return r == null ? NONE : line(r);
        } catch (RuntimeException | StackOverflowError e) {
            failed.increment();
            status.warn(
                    "ndjson-failed",
                    "A call-log document could not be written and was left out: "
                            + e.getClass().getName());
            return NONE;
        }
    }

    /** The document line of a record: the bulk item the appender sends, without its action line. */
    byte[] line(CallLogRecord r) {
        ByteBuf buf = new ByteBuf(Math.min(r.estimatedBytes(), config.maxDocumentBytes()) + 128);
        int size = writer.writeBulkItemWithin(r, buf, config.maxDocumentBytes());
        if (size > 0) {
            oversizedDocuments.increment();
            status.warn(
                    "document_too_large",
                    "A call-log document of event '" + r.event().code() + "' took " + size
                            + " bytes, more than maxDocumentBytes (" + config.maxDocumentBytes()
                            + "): it was written without its data");
        }
        byte[] a = buf.array();
        int actionEnd = 0;
        while (a[actionEnd] != '\n') {
            actionEnd++; // the action line holds no line break but its last byte
        }
        return buf.copy(actionEnd + 1, buf.length());
    }

    /** The mapper, for its counters (filtered by level, missing call id, ...). */
    public CallLogMapper mapper() {
        return mapper;
    }

    /** Documents written without their data because they were larger than {@code maxDocumentBytes}. */
    public long oversizedDocuments() {
        return oversizedDocuments.sum();
    }

    /** Events left out because writing their document failed. */
    public long failed() {
        return failed.sum();
    }
}
