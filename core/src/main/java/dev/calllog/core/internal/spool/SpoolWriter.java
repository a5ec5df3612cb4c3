package dev.calllog.core.internal.spool;

import dev.calllog.core.internal.json.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The writing end of a spool: appends framed records to the newest segment, gathering them in memory, writes them in one
 * go ({@link #flush()}), and starts a new segment when the newest would grow past the segment size. A new writer always
 * starts a new segment: it never appends after a tail a crash may have torn.
 *
 * <p>Forcing to the device is never done while appending (a new segment does not force the one before): it is a
 * {@link SyncPoint}, taken here ({@link #prepareSync()}) and forced by whoever syncs, outside the spool's lock, so that
 * a slow device never holds up the records being spilled.
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
    /** Records were appended to the tail segment since the last sync point. */
    private boolean unsynced;
    /** A segment was created since the last sync point: its directory entry is to be forced. */
    private boolean newSegmentUnsynced;
    /** Earlier segments closed with records not forced yet. */
    private final List<Path> unforced = new ArrayList<>();

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
        return unsynced || newSegmentUnsynced || !unforced.isEmpty();
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
            if (unsynced && !unforced.contains(t.file)) {
                unforced.add(t.file); // what it held before is forced with the next sync point
            }
            unsynced = false;
            abandonTail(t);
            throw new SpoolWriteException(lostRecords, e instanceof IOException io ? io : new IOException(e));
        }
        pending.reset();
        pendingRecords = 0;
    }

    /** See {@link Spool#sync()}. */
    void sync() throws IOException {
        SyncPoint p = prepareSync();
        if (p != null) {
            try {
                p.force();
            } catch (IOException | RuntimeException e) {
                notForced(p);
                throw e;
            }
            synced(p);
        }
    }

    /** See {@link Spool#prepareSync()}. */
    SyncPoint prepareSync() throws IOException {
        flush();
        if (!needsSync()) {
            return null;
        }
        List<Path> files = new ArrayList<>(unforced);
        if (unsynced && tail != null) {
            files.add(segments.last().file);
        }
        SyncPoint p = new SyncPoint(files, newSegmentUnsynced ? segments.directory() : null, appendedRecords);
        unforced.clear();
        unsynced = false;
        newSegmentUnsynced = false;
        return p;
    }

    /** See {@link Spool#synced}. */
    void synced(SyncPoint p) {
        syncedRecords = Math.max(syncedRecords, Math.min(p.records, appendedRecords));
    }

    /** See {@link Spool#notForced}. */
    void notForced(SyncPoint p) {
        for (Path f : p.files()) {
            if (!unforced.contains(f)) {
                unforced.add(f);
            }
        }
        newSegmentUnsynced |= p.includesDirectory();
    }

    /**
     * Stops writing the newest segment because the reader has caught up with it and it is about to be deleted: every
     * record appended is accounted for from here on, and nothing is left to force.
     */
    void closeCaughtUp() throws IOException {
        closeTail();
        unforced.clear();
        syncedRecords = appendedRecords;
        unsynced = false;
    }

    /**
     * Closes the segment being written, if any, forcing what was not forced yet (that segment and the earlier ones); the
     * durability point moves on at the next {@link #sync()}.
     */
    void close() throws IOException {
        Path last = tail != null && unsynced ? segments.last().file : null;
        closeTail();
        if (last != null && !unforced.contains(last)) {
            unforced.add(last);
        }
        unsynced = false;
        if (!unforced.isEmpty()) {
            new SyncPoint(unforced, null, appendedRecords).force();
            unforced.clear();
        }
    }

    /** Writes what is gathered and closes the tail segment's channel, without forcing it. */
    private void closeTail() throws IOException {
        FileChannel t = tail;
        if (t == null) {
            return;
        }
        try {
            flush();
        } finally {
            tail = null;
            t.close();
        }
    }

    /** Starts a new segment: closes the one being written; its records are forced with the next sync point. */
    private void roll() throws IOException {
        if (tail != null && unsynced) {
            unforced.add(segments.last().file);
        }
        unsynced = false;
        closeTail();
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
