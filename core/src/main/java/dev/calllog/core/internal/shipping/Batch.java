package dev.calllog.core.internal.shipping;

import dev.calllog.core.internal.json.ByteBuf;
import java.util.Arrays;

/**
 * One bulk request's worth of items, encoded once into reusable buffers: the NDJSON body (an action line and a document
 * line per item), where each item starts and ends, and the gzip of the whole body when it was compressed ahead. Two
 * batches circulate between the batch worker, which fills one while the export thread sends the other (see {@link
 * BatchHandoff}), so their buffers grow to the largest batch once and are reused from then on.
 *
 * <p>Owned by one thread at a time; the hand-off between threads is the happens-before edge.
 */
final class Batch {
    private final ByteBuf encoded = new ByteBuf(64 * 1024);
    private final ByteBuf compressed = new ByteBuf(16 * 1024);
    private boolean compressedWhole;
    private int[] itemStart = new int[256];
    private int[] docStart = new int[256];
    private int[] itemEnd = new int[256];
    private int items;
    private int[] all = new int[0];

    /** The batch's number for flush tracking ({@link FlushTracker}), or -1 for a batch read back from the spool. */
    long seq = -1;
    /** Whether the items were read back from the spool. */
    boolean replayed;
    /** Items before this one are settled already (written to the spool); the rest is still to be sent. */
    int first;

    /** Forgets the content, keeping the buffers. */
    void reset() {
        encoded.reset();
        compressed.reset();
        compressedWhole = false;
        items = 0;
        seq = -1;
        replayed = false;
        first = 0;
    }

    /** The buffer items are written into; call {@link #addItem} after writing each. */
    ByteBuf body() {
        return encoded;
    }

    int items() {
        return items;
    }

    boolean isEmpty() {
        return items == 0;
    }

    /** Bytes of the NDJSON body. */
    int length() {
        return encoded.length();
    }

    /**
     * Registers the bytes of the body from {@code start} to its end as the next item, when they are an action line and
     * a non-empty document line, each ending in a newline.
     *
     * @return false when they are not (nothing registered; the caller truncates)
     */
    boolean addItem(int start) {
        int end = encoded.length();
        byte[] a = encoded.array();
        int newline = -1;
        for (int i = start; i < end; i++) {
            if (a[i] == '\n') {
                newline = i;
                break;
            }
        }
        if (end <= start || newline < 0 || newline + 2 > end - 1 || a[end - 1] != '\n') {
            return false;
        }
        if (items == itemStart.length) {
            int size = items * 2;
            itemStart = Arrays.copyOf(itemStart, size);
            docStart = Arrays.copyOf(docStart, size);
            itemEnd = Arrays.copyOf(itemEnd, size);
        }
        itemStart[items] = start;
        docStart[items] = newline + 1;
        itemEnd[items] = end;
        items++;
        compressedWhole = false;
        return true;
    }

    /** Removes the last item (it made the body too large): the body is cut back to where it started. */
    void removeLast() {
        items--;
        encoded.truncate(itemStart[items]);
        compressedWhole = false;
    }

    /** The items {@code 0, 1, ... items()-1}, as an index array (shared; do not modify). */
    int[] allItems() {
        if (all.length < items) {
            all = new int[Math.max(items, all.length * 2)];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
        }
        return all;
    }

    byte[] array() {
        return encoded.array();
    }

    /** Where item {@code i} (action line and document, with their newlines) starts in {@link #array()}. */
    int itemOffset(int i) {
        return itemStart[i];
    }

    int itemLength(int i) {
        return itemEnd[i] - itemStart[i];
    }

    /** Where the document line of item {@code i} starts. */
    int docOffset(int i) {
        return docStart[i];
    }

    /** The document line's length, without its newline. */
    int docLength(int i) {
        return itemEnd[i] - 1 - docStart[i];
    }

    /** Gzips the whole body now (while another request is in flight), so that sending it costs nothing more. */
    void compressWhole(GzipCompressor gzip) {
        gzip.compress(encoded.array(), 0, encoded.length(), compressed);
        compressedWhole = true;
    }

    /** The gzip of the whole body, when {@link #compressWhole} ran since the last change; else null. */
    ByteBuf compressedWhole() {
        return compressedWhole ? compressed : null;
    }

    /** Appends the items {@code idx[from, to)} to {@code out}, as they are. */
    void writeItems(int[] idx, int from, int to, ByteBuf out) {
        byte[] a = encoded.array();
        for (int k = from; k < to; k++) {
            int i = idx[k];
            out.write(a, itemStart[i], itemEnd[i] - itemStart[i]);
        }
    }
}
