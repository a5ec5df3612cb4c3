package dev.calllog.core.internal.spool;

import dev.calllog.core.internal.json.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The writing end of a spool: appends framed records to the newest segment, gathering them in memory, writes them in one
 * go ({@link #flush()}), forces them to the device ({@link #sync()}), and starts a new segment when the newest would grow
 * past the segment size. A new writer always starts a new segment: it never appends after a tail a crash may have torn.
 */
final class SpoolWriter {
    /** Appended bytes gathered before they are written. */
    static final int FLUSH_BYTES = 256 * 1024;

    private final SegmentList segments;
    private final long maxBytes;
    private final long segmentBytes;
    private final CRC32C crc = new CRC32C();

    /** The newest segment's channel, while this writer writes it; else null. */
    private FileChannel tail;
    /** Frames appended and not yet written to {@link #tail}. */
    private final ByteBuf pending = new ByteBuf(64 * 1024);
    /** Where {@link #pending} goes in the tail segment. */
    private long pendingAt;
    /** Records in {@link #pending}. */
    private long pendingRecords;

    private long appendedRecords;
    private long syncedRecords;
    private boolean unsynced;
    private boolean newSegmentUnsynced;

    SpoolWriter(SegmentList segments, long maxBytes, long segmentBytes) {
        this.segments = segments;
        this.maxBytes = maxBytes;
        this.segmentBytes = segmentBytes;
    }

    long appendedRecords() {
        return appendedRecords;
    }

    long syncedRecords() {
        return syncedRecords;
    }

    boolean needsSync() {
        return unsynced || newSegmentUnsynced;
    }

    /** Whether this writer is writing the newest segment. */
    boolean isWriting() {
        return tail != null;
    }

    /** See {@link Spool#append}. */
    boolean append(byte[] a, int off, int len) throws IOException {
        if (len <= 0 || len > SegmentFormat.MAX_RECORD_BYTES) {
            throw new IllegalArgumentException("record length " + len);
        }
        long frame = (long) SegmentFormat.FRAME_HEADER + len;
        Segment t = tail == null ? null : segments.last();
        boolean roll = t == null || t.size > SegmentFormat.MAGIC.length && t.size + frame > segmentBytes;
        long need = frame + (roll ? SegmentFormat.MAGIC.length : 0);
        if (segments.totalBytes() + need > maxBytes) {
            return false;
        }
        if (roll) {
            roll();
            t = segments.last();
        }
        if (pending.length() == 0) {
            pendingAt = t.size;
        }
        SegmentFormat.writeFrame(pending, crc, a, off, len);
        pendingRecords++;
        segments.resize(t, frame);
        appendedRecords++;
        unsynced = true;
        if (pending.length() >= FLUSH_BYTES) {
            flush();
        }
        return true;
    }

    /** See {@link Spool#flush()}. */
    void flush() throws IOException {
        if (pending.length() == 0 || tail == null) {
            pending.reset();
            pendingRecords = 0;
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(pending.array(), 0, pending.length());
        long pos = pendingAt;
        try {
            while (b.hasRemaining()) {
                pos += tail.write(b, pos);
            }
        } catch (IOException | RuntimeException e) {
            Segment t = segments.last();
            long lostRecords = pendingRecords;
            segments.resize(t, pendingAt - t.size);
            appendedRecords -= lostRecords;
            pending.reset();
            pendingRecords = 0;
            abandonTail(t);
            throw new SpoolWriteException(lostRecords, e instanceof IOException io ? io : new IOException(e));
        }
        pending.reset();
        pendingRecords = 0;
    }

    /** See {@link Spool#sync()}. */
    void sync() throws IOException {
        flush();
        if (unsynced && tail != null) {
            tail.force(false);
        }
        if (newSegmentUnsynced) {
            syncDirectory();
        }
        unsynced = false;
        newSegmentUnsynced = false;
        syncedRecords = appendedRecords;
    }

    /**
     * Stops writing the newest segment, forcing what it holds, because the reader has caught up with it and it is about
     * to be deleted: every record appended is accounted for from here on.
     */
    void closeCaughtUp() throws IOException {
        close();
        syncedRecords = appendedRecords;
        unsynced = false;
    }

    /** Closes the segment being written, if any, forcing it when it has unsynced records; it becomes read-only. */
    void close() throws IOException {
        FileChannel t = tail;
        if (t == null) {
            return;
        }
        flush();
        tail = null;
        try {
            if (unsynced) {
                t.force(false);
                // Its records are durable now; the counter moves on at the next sync().
            }
        } finally {
            t.close();
        }
    }

    private void syncDirectory() throws IOException {
        try (FileChannel d = FileChannel.open(segments.directory(), StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some file systems cannot open or force a directory; the segment's data itself is forced.
        }
    }

    /** Starts a new segment: closes the one being written (forcing it when it has unsynced records). */
    private void roll() throws IOException {
        close();
        tail = segments.create();
        newSegmentUnsynced = true;
    }

    /** After a failed write: cut the segment back to its last whole record and stop writing it. */
    private void abandonTail(Segment t) {
        FileChannel ch = tail;
        tail = null;
        try {
            ch.truncate(t.size);
        } catch (IOException | RuntimeException ignored) {
            // The reader stops at the torn frame anyway.
        }
        try {
            ch.close();
        } catch (IOException ignored) {
            // Nothing more to do with it.
        }
    }
}
