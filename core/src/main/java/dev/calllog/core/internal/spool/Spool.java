package dev.calllog.core.internal.spool;

import dev.calllog.core.internal.json.ByteBuf;
import dev.calllog.core.internal.status.StatusSink;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A bounded, append-only queue of records on disk: the place events wait while the cluster cannot take them, across
 * restarts of the application.
 *
 * <h2>Files</h2>
 *
 * The directory holds segment files {@code segment-<20-digit number>.spool}, oldest first by number, and a lock file
 * {@code spool.lock} that keeps a second process (or appender) out. A segment starts with the 8 bytes {@code CLSPOOL1}
 * and holds records, each framed as
 *
 * <pre>
 *   length  4 bytes, big-endian, 1 .. 64 MiB: the length of the payload
 *   crc     4 bytes, big-endian: CRC-32C of the payload
 *   payload length bytes (here: one {@code _bulk} item, action line and document, as shipped)
 * </pre>
 *
 * A record is valid only when its whole frame lies inside the file and its checksum matches. Reading a segment stops at
 * the first invalid frame: what follows (a tail torn by a crash in the middle of a write, or damaged bytes) is skipped,
 * reported once through the status sink and counted ({@link #damagedSegments()}, {@link #skippedBytes()}); it never
 * stops the reader. A segment whose first 8 bytes are not the magic is skipped whole in the same way.
 *
 * <h2>Writing, durability</h2>
 *
 * Records are appended to the newest segment; a new segment starts when it would grow past the segment size, and every
 * new process starts a new segment (it never appends after a tail a crash may have torn). Appended records are gathered
 * in memory and handed to the operating system by {@link #flush()} (one write for many records), which {@link #sync()}
 * and starting a new segment call first. {@link #sync()} forces the
 * appended records (and the directory entry of a new segment) to the storage device: a record is durable once the
 * {@code sync()} after its {@code append} has returned. Appending never forces anything itself; a sync can be split so
 * that the forcing runs outside the caller's lock ({@link #prepareSync()}, {@link SyncPoint}). Flushed records survive a crash of the process even before that
 * (the operating system holds them); {@code sync()} is what makes them survive a crash of the operating system or a
 * power loss.
 *
 * <h2>Reading</h2>
 *
 * A reader position walks the records oldest first. {@link #read} returns the next records; {@link #commit()} marks
 * everything read so far as done (segments read to their end are deleted; so is the newest one when the reader has
 * caught up with the writer), and {@link #rewind()} goes back to the last commit, to read the same records again.
 * Progress inside a segment is not written down: after a restart, the records of the oldest segment that were already
 * delivered are read and sent again, which the cluster recognises by their {@code _id} (409 on {@code create}).
 *
 * <p>Not thread-safe: one thread (the shipping worker) does everything, except the gauge {@link #sizeBytes()}, which
 * may be read from anywhere.
 *
 * <p>This class opens, locks and closes the directory; the parts do the rest: {@link SegmentList} (the segments and
 * their total size), {@link SpoolWriter} (appending, flushing, syncing), {@link SpoolReader} (reading, committing,
 * dropping), {@link SegmentFormat} (the bytes) and {@link Segment} (one file).
 */
public final class Spool implements Closeable {
    static final String LOCK_FILE = "spool.lock";

    private final SegmentList segments;
    private final SpoolWriter writer;
    private final SpoolReader reader;
    private final long maxBytes;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private boolean closed;

    private Spool(
            SegmentList segments,
            SpoolWriter writer,
            SpoolReader reader,
            long maxBytes,
            FileChannel lockChannel,
            FileLock lock) {
        this.segments = segments;
        this.writer = writer;
        this.reader = reader;
        this.maxBytes = maxBytes;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens (creating it when missing) the spool in {@code dir} and takes its lock. The segments a previous process
     * left are found and will be read first.
     *
     * @param maxBytes bound of the sum of the segments' sizes
     * @param segmentBytes size past which a new segment is started
     * @param status where damaged segments are reported
     * @throws IOException when the directory cannot be created, read or written, or another process holds it
     */
    public static Spool open(Path dir, long maxBytes, long segmentBytes, StatusSink status) throws IOException {
        PrivateFiles.createDirectory(dir);
        if (!Files.isWritable(dir)) {
            throw new IOException(dir + " is not writable");
        }
        FileChannel lockChannel = PrivateFiles.openForWriting(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            lockChannel.close();
            throw e;
        }
        if (lock == null) {
            lockChannel.close();
            throw new IOException(dir + " is in use by another call-log appender or process");
        }
        try {
            SegmentList segments = new SegmentList(dir, Segment.findIn(dir, status));
            SpoolWriter writer = new SpoolWriter(segments, maxBytes, segmentBytes);
            SpoolReader reader = new SpoolReader(segments, writer, status);
            return new Spool(segments, writer, reader, maxBytes, lockChannel, lock);
        } catch (IOException | RuntimeException e) {
            try {
                lock.release();
            } finally {
                lockChannel.close();
            }
            throw e;
        }
    }

    /** The segment size for a spool bound: an eighth of it, between 64 KiB and 16 MiB. */
    public static long segmentBytesFor(long maxBytes) {
        return Math.max(64 * 1024, Math.min(16L * 1024 * 1024, maxBytes / 8));
    }

    /** The directory. */
    public Path directory() {
        return segments.directory();
    }

    /** Bytes the segments take on disk (read records included until their segment is deleted). */
    public long sizeBytes() {
        return segments.totalBytes();
    }

    /** The bound of {@link #sizeBytes()}. */
    public long maxBytes() {
        return maxBytes;
    }

    /** Whether there is nothing left to read. */
    public boolean isEmpty() {
        return !reader.hasMore();
    }

    /** Records appended by this process. */
    public long appendedRecords() {
        return writer.appendedRecords();
    }

    /** Records appended by this process and synced to the device: the durability point, counted in records. */
    public long syncedRecords() {
        return writer.syncedRecords();
    }

    /** Whether records were appended since the last {@link #sync()}. */
    public boolean needsSync() {
        return writer.needsSync();
    }

    /** Segments found damaged (a torn or corrupt tail, or a bad header), each counted once. */
    public long damagedSegments() {
        return reader.damagedSegments();
    }

    /** Bytes skipped in damaged segments. */
    public long skippedBytes() {
        return reader.skippedBytes();
    }

    /**
     * Appends one record, unless it does not fit within the bound.
     *
     * @return false when the spool is full (nothing was written)
     * @throws SpoolWriteException when writing the gathered records failed (see {@link #flush()})
     */
    public boolean append(byte[] a, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("the spool is closed");
        }
        return writer.append(a, off, len);
    }

    /**
     * Hands the records appended since the last flush to the operating system: from then on they survive a crash of
     * the process.
     *
     * @throws SpoolWriteException when writing failed: the segment being written is cut back to its last whole record
     *     written, the records not written are lost (the exception counts them), and the next append starts a new segment
     */
    public void flush() throws IOException {
        writer.flush();
    }

    /**
     * Forces what was appended since the last call to the storage device (flushing it first), and a new segment's
     * directory entry.
     *
     * @throws IOException when the device refused; the records stay written but are not known to be durable
     */
    public void sync() throws IOException {
        writer.sync();
    }

    /**
     * The first half of a {@link #sync()}, for a caller that forces without holding up the writer: writes what is
     * gathered and returns what is to be forced, or null when nothing is. The caller then calls {@link SyncPoint#force()}
     * (from any thread, while records go on being appended), and then {@link #synced} or, when forcing failed,
     * {@link #notForced}.
     */
    public SyncPoint prepareSync() throws IOException {
        return writer.prepareSync();
    }

    /** The records up to sync point {@code p} are durable: {@link #syncedRecords()} moves on. */
    public void synced(SyncPoint p) {
        writer.synced(p);
    }

    /** Forcing sync point {@code p} failed: what it held is forced with the next one. */
    public void notForced(SyncPoint p) {
        writer.notForced(p);
    }

    /**
     * Appends the payloads of the next records to {@code out}, at most {@code maxRecords} of them and, beyond the
     * first, at most {@code maxBytes} of payload, and calls {@code sink} with the bounds of each.
     *
     * @return the number of records read; 0 when there is none left
     * @throws IOException when a segment cannot be read (it stays, to be read again after {@link #rewind()})
     */
    public int read(ByteBuf out, int maxRecords, long maxBytes, RecordSink sink) throws IOException {
        return reader.read(out, maxRecords, maxBytes, sink);
    }

    /**
     * Marks every record read so far as done: segments read to their end are deleted, and so is the segment being
     * written when the reader has caught up with it.
     */
    public void commit() throws IOException {
        reader.commit();
    }

    /** Goes back to the last {@link #commit()}: the records read since are read again. */
    public void rewind() {
        reader.rewind();
    }

    /**
     * Deletes the oldest segment, to make room, and returns the number of its records that were not read and committed
     * yet (the events lost). Works only at a committed position (no records read since the last commit).
     *
     * @return the records dropped, or -1 when there is no segment
     */
    public long dropOldest() throws IOException {
        return reader.dropOldest();
    }

    /** Closes the files and releases the lock; the segments stay for the next process. Idempotent. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        IOException failure = null;
        try {
            writer.close();
        } catch (IOException e) {
            failure = e;
        }
        reader.close();
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } catch (IOException e) {
            failure = failure == null ? e : failure;
        }
        lockChannel.close();
        if (failure != null) {
            throw failure;
        }
    }

    /** Receives the bounds of each record {@link #read} appended. */
    @FunctionalInterface
    public interface RecordSink {
        /** The record's payload is {@code out[offset, offset + length)} of the buffer given to {@code read}. */
        void record(int offset, int length);
    }
}
