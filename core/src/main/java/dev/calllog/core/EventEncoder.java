package dev.calllog.core;

import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.json.ByteBuf;
import dev.calllog.core.internal.mapping.CallLogMapper;
import dev.calllog.core.internal.mapping.CallLogRecord;
import dev.calllog.core.internal.mapping.CapturedEvent;
import dev.calllog.core.internal.mapping.DeferredEvent;
import dev.calllog.core.internal.mapping.DocumentWriter;
import dev.calllog.core.internal.shipping.BulkItemEncoder;
import dev.calllog.core.internal.status.ThrottledStatus;
import java.util.concurrent.atomic.LongAdder;

/**
 * Turns what the logging thread captured into its bulk item, on the shipping thread: a record is written as it is; a
 * deferred event is mapped first ({@link CallLogMapper#complete}). A document still larger than {@code
 * maxDocumentBytes} once written (multi-byte text, escapes) is written again without its {@code data}, counted and
 * reported.
 */
final class EventEncoder implements BulkItemEncoder<CapturedEvent> {
    private final CallLogMapper mapper;
    private final DocumentWriter writer;
    private final ThrottledStatus status;
    private final int maxDocumentBytes;

    private final LongAdder oversized = new LongAdder();

    EventEncoder(CallLogConfig config, CallLogMapper mapper, ThrottledStatus status) {
        this.mapper = mapper;
        this.writer = new DocumentWriter(config);
        this.status = status;
        this.maxDocumentBytes = config.maxDocumentBytes();
    }

    @Override
    public int estimatedBytes(CapturedEvent event) {
        return event.estimatedBytes();
    }

    @Override
    public void encode(CapturedEvent event, ByteBuf out) {
        CallLogRecord r = event instanceof DeferredEvent<?> d ? mapper.complete(d) : (CallLogRecord) event;
        if (r == null) {
            throw new IllegalStateException("the event could not be mapped (reported above)");
        }
        int size = writer.writeBulkItemWithin(r, out, maxDocumentBytes);
        if (size > 0) {
            oversized.increment();
            status.warn(
                    "document_too_large",
                    "A call-log document of event '" + r.event().code() + "' took " + size
                            + " bytes, more than maxDocumentBytes (" + maxDocumentBytes
                            + "): it was shipped without its data");
        }
    }

    /** Documents shipped without their data because they were larger than {@code maxDocumentBytes}. */
    long oversized() {
        return oversized.sum();
    }
}
