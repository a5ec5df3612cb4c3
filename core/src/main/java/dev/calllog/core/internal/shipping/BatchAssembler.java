package dev.calllog.core.internal.shipping;

import dev.calllog.core.internal.json.ByteBuf;

/**
 * Fills a {@link Batch} from the buffer: takes records in order, encodes each into the batch's body as a bulk item,
 * stops at {@code batchMaxEvents} items or once the body would grow past {@code batchMaxBytes} (the item that does not
 * fit is kept, encoded, for the next batch, so that it is encoded once), and gives the taken records' room back to the
 * buffer once per batch. A record the encoder fails on is dropped and counted. Numbers each batch for {@link
 * FlushTracker}.
 *
 * <p>Used by the batch worker's thread only.
 *
 * @param <R> the record type
 */
final class BatchAssembler<R> {
    private final RecordBuffer<R> buffer;
    private final BulkItemEncoder<R> encoder;
    private final OutcomeRecorder recorder;
    private final FlushTracker flushes;
    private final int maxEvents;
    private final long maxBytes;

    /** An encoded item that did not fit the last batch, the first of the next. */
    private final ByteBuf carry = new ByteBuf(1024);

    private boolean hasCarry;
    private int carrySize;
    /** The number of the batch the carried item belongs to: opened when it was taken. */
    private long carrySeq = -1;

    BatchAssembler(
            RecordBuffer<R> buffer,
            BulkItemEncoder<R> encoder,
            OutcomeRecorder recorder,
            FlushTracker flushes,
            int maxEvents,
            long maxBytes) {
        this.buffer = buffer;
        this.encoder = encoder;
        this.recorder = recorder;
        this.flushes = flushes;
        this.maxEvents = maxEvents;
        this.maxBytes = maxBytes;
    }

    /** Whether records wait: in the buffer, or carried over. */
    boolean hasRecords() {
        return hasCarry || !buffer.isEmpty();
    }

    boolean hasCarry() {
        return hasCarry;
    }

    /**
     * Empties {@code batch}, numbers it, and fills it from the buffer.
     *
     * @return the records taken from the buffer (some may have been dropped as not encodable)
     */
    int fill(Batch batch) {
        batch.reset();
        batch.seq = hasCarry ? carrySeq : flushes.open();
        ByteBuf body = batch.body();
        int taken = 0;
        long size = 0;
        try {
            if (hasCarry) {
                int start = body.length();
                body.write(carry.array(), 0, carry.length());
                batch.addItem(start);
                hasCarry = false;
                taken++;
                size += carrySize;
            }
            while (batch.items() < maxEvents) {
                R record = buffer.poll();
                if (record == null) {
                    break;
                }
                int recordSize = buffer.sizeOf(record);
                int start = body.length();
                String problem = encode(record, body, start, batch);
                if (problem != null) {
                    taken++;
                    size += recordSize;
                    recorder.encodingFailed(problem);
                    continue;
                }
                if (batch.items() > 1 && batch.length() > maxBytes) {
                    // Too large for this batch: it opens the next one (numbered now, so that a flush waits for it).
                    carry.reset();
                    carry.write(body.array(), start, body.length() - start);
                    batch.removeLast();
                    hasCarry = true;
                    carrySize = recordSize;
                    carrySeq = flushes.open();
                    break;
                }
                taken++;
                size += recordSize;
            }
        } finally {
            // Once per batch rather than per record: these counters are shared with every logging thread.
            buffer.release(taken, size);
        }
        return taken;
    }

    /** Encodes one record as the batch's next item; returns what went wrong, or null. */
    private String encode(R record, ByteBuf body, int start, Batch batch) {
        String problem = null;
        try {
            encoder.encode(record, body);
        } catch (RuntimeException e) {
            problem = OutcomeRecorder.brief(e);
        }
        if (problem == null && batch.addItem(start)) {
            return null;
        }
        if (problem == null) {
            problem = "the encoder did not write an action line and a document line";
        }
        if (body.length() >= start) {
            body.truncate(start);
        }
        return problem;
    }
}
