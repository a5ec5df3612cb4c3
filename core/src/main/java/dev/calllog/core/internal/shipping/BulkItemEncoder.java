package dev.calllog.core.internal.shipping;

import dev.calllog.core.internal.json.ByteBuf;

/**
 * Turns a record into one {@code _bulk} item. The shipper is generic over the record type; this is all it needs to know
 * about it.
 *
 * <p>Called from two threads: {@link #estimatedBytes} on the thread that offers the record and on the shipping thread,
 * {@link #encode} on the shipping thread. Both must be thread-safe for immutable records, and must not block.
 *
 * @param <R> the record type
 */
public interface BulkItemEncoder<R> {

    /**
     * About how many bytes {@link #encode} will append for {@code record}. Bounds the buffer and the batches, so it
     * should be cheap and close, preferably not below the real size. Called when the record is offered and again when
     * it leaves the buffer: it must give the same answer each time (a value computed once and kept in the record).
     */
    int estimatedBytes(R record);

    /**
     * Appends the item: the action line {@code {"create":{"_id":"..."}}} and the document line, each ending in {@code
     * \n}. The {@code _id} must be stable for the record, so that a resent item is recognised (409) rather than
     * indexed twice. On an exception the shipper discards whatever was appended and counts the record as dropped.
     */
    void encode(R record, ByteBuf out);
}
