package dev.calllog.core.internal.spool;

import dev.calllog.core.internal.json.ByteBuf;
import dev.calllog.core.internal.status.StatusSink;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.CRC32C;

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
 * {@code sync()} after its {@code append} has returned. Flushed records survive a crash of the process even before that
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
 * <p>Not thread-safe: one thread (the shipping worker) does everything, except the gauges {@link #sizeBytes()}, which
 * may be read from anywhere.
 */
public final class Spool implements Closeable {
    /** The first 8 bytes of every segment: a name and a format version. */
    static final byte[] MAGIC = {'C', 'L', 'S', 'P', 'O', 'O', 'L', '1'};
    /** Bytes of a frame before its payload: length and checksum. */
    static final int FRAME_HEADER = 8;
    /** Largest payload accepted when reading; a larger length field is damage. */
    static final int MAX_RECORD_BYTES = 64 * 1024 * 1024;

    static final String PREFIX = "segment-";
    static final String SUFFIX = ".spool";
    static final String LOCK_FILE = "spool.lock";
    /** Appended bytes gathered before they are written. */
    static final int FLUSH_BYTES = 256 * 1024;

    private final Path dir;
    private final long maxBytes;
    private final long segmentBytes;
    private final StatusSink status;
    private final FileChannel lockChannel;
    private final FileLock lock;

    /** Oldest first; the last one is being written when {@link #tail} is not null. */
    private final List<Segment> segments = new ArrayList<>();

    private long nextId;
    private volatile long totalBytes;
    private long appendedRecords;
    private long syncedRecords;
    private long damagedSegments;
    private long skippedBytes;

    // Writer.
    private FileChannel tail;
    /** Frames appended and not yet written to {@link #tail}. */
    private final ByteBuf pending = new ByteBuf(64 * 1024);
    /** Where {@link #pending} goes in the tail segment. */
    private long pendingAt;
    /** Records in {@link #pending}. */
    private long pendingRecords;

    private boolean unsynced;
    private boolean newSegmentUnsynced;

    // Reader: a position in segments.get(readIndex); the committed position is in segments.get(0).
    private int readIndex;
    private long readPos = -1;
    private long committedPos = -1;
    private FileChannel readChannel;
    private Segment readChannelOf;

    private final CRC32C crc = new CRC32C();
    private final ByteBuffer header = ByteBuffer.allocate(FRAME_HEADER);
    private byte[] payload = new byte[16 * 1024];
    private boolean closed;

    private Spool(
            Path dir, long maxBytes, long segmentBytes, StatusSink status, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.segmentBytes = segmentBytes;
        this.status = status;
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
        Spool spool = new Spool(dir, maxBytes, segmentBytes, status, lockChannel, lock);
        try {
            spool.scan();
        } catch (IOException | RuntimeException e) {
            spool.close();
            throw e;
        }
        return spool;
    }

    /** The segment size for a spool bound: an eighth of it, between 64 KiB and 16 MiB. */
    public static long segmentBytesFor(long maxBytes) {
        return Math.max(64 * 1024, Math.min(16L * 1024 * 1024, maxBytes / 8));
    }

    private void scan() throws IOException {
        List<Segment> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
            for (Path f : files) {
                long id = idOf(f.getFileName().toString());
                if (id >= 0 && Files.isSymbolicLink(f)) {
                    status.warn("The call-log spool " + dir + " holds a symbolic link " + f.getFileName()
                            + ": not a segment the appender wrote; it is ignored");
                } else if (id >= 0) {
                    found.add(new Segment(id, f, Files.size(f)));
                }
            }
        }
        found.sort(Comparator.comparingLong(s -> s.id));
        long total = 0;
        for (Segment s : found) {
            total += s.size;
            nextId = Math.max(nextId, s.id + 1);
        }
        segments.addAll(found);
        totalBytes = total;
    }

    static long idOf(String fileName) {
        if (!fileName.startsWith(PREFIX) || !fileName.endsWith(SUFFIX)) {
            return -1;
        }
        String digits = fileName.substring(PREFIX.length(), fileName.length() - SUFFIX.length());
        if (digits.length() != 20 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The directory. */
    public Path directory() {
        return dir;
    }

    /** Bytes the segments take on disk (read records included until their segment is deleted). */
    public long sizeBytes() {
        return totalBytes;
    }

    /** The bound of {@link #sizeBytes()}. */
    public long maxBytes() {
        return maxBytes;
    }

    /** Whether there is nothing left to read. */
    public boolean isEmpty() {
        return segments.isEmpty() || !hasMoreAfter(readIndex, readPos);
    }

    private boolean hasMoreAfter(int index, long pos) {
        for (int i = index; i < segments.size(); i++) {
            Segment s = segments.get(i);
            long start = i == index && pos >= 0 ? pos : MAGIC.length;
            if (start < s.end()) {
                return true;
            }
        }
        return false;
    }

    /** Records appended by this process. */
    public long appendedRecords() {
        return appendedRecords;
    }

    /** Records appended by this process and synced to the device: the durability point, counted in records. */
    public long syncedRecords() {
        return syncedRecords;
    }

    /** Whether records were appended since the last {@link #sync()}. */
    public boolean needsSync() {
        return unsynced || newSegmentUnsynced;
    }

    /** Segments found damaged (a torn or corrupt tail, or a bad header), each counted once. */
    public long damagedSegments() {
        return damagedSegments;
    }

    /** Bytes skipped in damaged segments. */
    public long skippedBytes() {
        return skippedBytes;
    }

    // ---- writing ----

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
        if (len <= 0 || len > MAX_RECORD_BYTES) {
            throw new IllegalArgumentException("record length " + len);
        }
        long frame = (long) FRAME_HEADER + len;
        Segment t = tail == null ? null : last();
        boolean roll = t == null || t.size > MAGIC.length && t.size + frame > segmentBytes;
        long need = frame + (roll ? MAGIC.length : 0);
        if (totalBytes + need > maxBytes) {
            return false;
        }
        if (roll) {
            roll();
            t = last();
        }
        crc.reset();
        crc.update(a, off, len);
        if (pending.length() == 0) {
            pendingAt = t.size;
        }
        int v = (int) crc.getValue();
        pending.write(len >>> 24).write(len >>> 16).write(len >>> 8).write(len);
        pending.write(v >>> 24).write(v >>> 16).write(v >>> 8).write(v);
        pending.write(a, off, len);
        pendingRecords++;
        t.size += frame;
        totalBytes += frame;
        appendedRecords++;
        unsynced = true;
        if (pending.length() >= FLUSH_BYTES) {
            flush();
        }
        return true;
    }

    /**
     * Hands the records appended since the last flush to the operating system: from then on they survive a crash of
     * the process.
     *
     * @throws SpoolWriteException when writing failed: the segment being written is cut back to its last whole record
     *     written, the records not written are lost (the exception counts them), and the next append starts a new segment
     */
    public void flush() throws IOException {
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
            Segment t = last();
            long lostBytes = t.size - pendingAt;
            long lostRecords = pendingRecords;
            t.size = pendingAt;
            totalBytes -= lostBytes;
            appendedRecords -= lostRecords;
            pending.reset();
            pendingRecords = 0;
            abandonTail(t);
            throw new SpoolWriteException(lostRecords, e instanceof IOException io ? io : new IOException(e));
        }
        pending.reset();
        pendingRecords = 0;
    }

    /**
     * Forces what was appended since the last call to the storage device (flushing it first), and a new segment's
     * directory entry.
     *
     * @throws IOException when the device refused; the records stay written but are not known to be durable
     */
    public void sync() throws IOException {
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

    private void syncDirectory() throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some file systems cannot open or force a directory; the segment's data itself is forced.
        }
    }

    private Segment last() {
        return segments.get(segments.size() - 1);
    }

    /** Starts a new segment: closes the one being written (forcing it when it has unsynced records). */
    private void roll() throws IOException {
        sealTail();
        Path file = dir.resolve(String.format("%s%020d%s", PREFIX, nextId, SUFFIX));
        FileChannel ch = PrivateFiles.openForWriting(file, StandardOpenOption.CREATE_NEW);
        Segment s = new Segment(nextId, file, 0);
        nextId++;
        try {
            ByteBuffer m = ByteBuffer.wrap(MAGIC);
            while (m.hasRemaining()) {
                ch.write(m, MAGIC.length - m.remaining());
            }
        } catch (IOException | RuntimeException e) {
            ch.close();
            Files.deleteIfExists(file);
            throw e;
        }
        s.size = MAGIC.length;
        segments.add(s);
        totalBytes += MAGIC.length;
        tail = ch;
        newSegmentUnsynced = true;
    }

    /** Closes the segment being written, if any; it becomes an ordinary, read-only segment. */
    private void sealTail() throws IOException {
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

    // ---- reading ----

    /**
     * Appends the payloads of the next records to {@code out}, at most {@code maxRecords} of them and, beyond the
     * first, at most {@code maxBytes} of payload, and calls {@code sink} with the bounds of each.
     *
     * @return the number of records read; 0 when there is none left
     * @throws IOException when a segment cannot be read (it stays, to be read again after {@link #rewind()})
     */
    public int read(ByteBuf out, int maxRecords, long maxBytes, RecordSink sink) throws IOException {
        flush();
        int n = 0;
        long bytes = 0;
        while (n < maxRecords && readIndex < segments.size()) {
            Segment s = segments.get(readIndex);
            if (readPos < 0) {
                readPos = startOf(s);
            }
            long end = s.end();
            if (readPos >= end) {
                if (readIndex + 1 >= segments.size()) {
                    break;
                }
                readIndex++;
                readPos = -1;
                continue;
            }
            FileChannel ch = channelFor(s);
            header.clear();
            if (end - readPos < FRAME_HEADER || !readFully(ch, header, readPos)) {
                damaged(s, readPos, "an incomplete record header");
                continue;
            }
            header.flip();
            int len = header.getInt();
            int expectedCrc = header.getInt();
            if (len <= 0 || len > MAX_RECORD_BYTES || readPos + FRAME_HEADER + len > end) {
                damaged(
                        s,
                        readPos,
                        len <= 0 || len > MAX_RECORD_BYTES ? "an impossible record length" : "a torn record");
                continue;
            }
            if (n > 0 && bytes + len > maxBytes) {
                break;
            }
            if (payload.length < len) {
                payload = new byte[Math.max(len, payload.length * 2)];
            }
            ByteBuffer p = ByteBuffer.wrap(payload, 0, len);
            if (!readFully(ch, p, readPos + FRAME_HEADER)) {
                damaged(s, readPos, "a torn record");
                continue;
            }
            crc.reset();
            crc.update(payload, 0, len);
            if ((int) crc.getValue() != expectedCrc) {
                damaged(s, readPos, "a record whose checksum does not match");
                continue;
            }
            int at = out.length();
            out.write(payload, 0, len);
            sink.record(at, len);
            readPos += FRAME_HEADER + len;
            bytes += len;
            n++;
        }
        return n;
    }

    /** Where reading a segment starts: after its magic, or at its end when the magic is wrong. */
    private long startOf(Segment s) throws IOException {
        if (s.checked) {
            return MAGIC.length;
        }
        s.checked = true;
        if (s.size == 0) {
            // Created by a process that died before writing anything: nothing was in it.
            s.validEnd = 0;
            return 0;
        }
        if (s.size < MAGIC.length) {
            damaged(s, 0, "a file shorter than the segment header");
            return s.end();
        }
        ByteBuffer m = ByteBuffer.allocate(MAGIC.length);
        if (!readFully(channelFor(s), m, 0) || !java.util.Arrays.equals(m.array(), MAGIC)) {
            damaged(s, 0, "a file that is not a spool segment of this version");
            return s.end();
        }
        return MAGIC.length;
    }

    /** Ends segment {@code s} at {@code pos}: the rest is skipped, reported and counted once. */
    private void damaged(Segment s, long pos, String what) {
        long skipped = s.end() - pos;
        s.validEnd = pos;
        if (readIndex < segments.size() && segments.get(readIndex) == s) {
            readPos = Math.max(readPos, pos);
        }
        if (!s.reported) {
            s.reported = true;
            damagedSegments++;
            skippedBytes += skipped;
            try {
                status.warn("The call-log spool segment " + s.file + " has " + what + " at byte " + pos + "; its last "
                        + skipped + " bytes were skipped (the events in them are lost)");
            } catch (RuntimeException ignored) {
                // A status sink must never break shipping.
            }
        }
    }

    private FileChannel channelFor(Segment s) throws IOException {
        if (readChannelOf != s) {
            closeReadChannel();
            readChannel = PrivateFiles.openForReading(s.file);
            readChannelOf = s;
        }
        return readChannel;
    }

    private void closeReadChannel() {
        FileChannel ch = readChannel;
        readChannel = null;
        readChannelOf = null;
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // Read-only: nothing is lost.
            }
        }
    }

    private static boolean readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int r = ch.read(b, pos);
            if (r < 0) {
                return false;
            }
            pos += r;
        }
        return true;
    }

    /**
     * Marks every record read so far as done: segments read to their end are deleted, and so is the segment being
     * written when the reader has caught up with it.
     */
    public void commit() throws IOException {
        while (readIndex > 0) {
            delete(segments.get(0));
            readIndex--;
        }
        if (segments.isEmpty()) {
            readPos = -1;
            committedPos = -1;
            return;
        }
        Segment s = segments.get(0);
        if (readPos >= 0 && readPos >= s.end() && (tail == null || segments.size() > 1 || readPos >= s.size)) {
            if (tail != null && segments.size() == 1) {
                sealTail();
                syncedRecords = appendedRecords;
                unsynced = false;
            }
            delete(s);
            readPos = -1;
        }
        committedPos = readPos;
    }

    /** Goes back to the last {@link #commit()}: the records read since are read again. */
    public void rewind() {
        readIndex = 0;
        readPos = committedPos;
    }

    /**
     * Deletes the oldest segment, to make room, and returns the number of its records that were not read and committed
     * yet (the events lost). Works only at a committed position (no records read since the last commit).
     *
     * @return the records dropped, or -1 when there is no segment
     */
    public long dropOldest() throws IOException {
        flush();
        if (segments.isEmpty()) {
            return -1;
        }
        rewind();
        Segment s = segments.get(0);
        long from = committedPos >= 0 ? committedPos : -1;
        long n = countRecords(s, from);
        if (tail != null && segments.size() == 1) {
            sealTail();
            syncedRecords = appendedRecords;
            unsynced = false;
        }
        delete(s);
        readIndex = 0;
        readPos = -1;
        committedPos = -1;
        return n;
    }

    /** Counts the valid records of {@code s} from {@code from} (or its start), without checking checksums. */
    private long countRecords(Segment s, long from) throws IOException {
        long pos = from >= 0 ? from : startOf(s);
        long end = s.end();
        long n = 0;
        FileChannel ch = channelFor(s);
        ByteBuffer h = ByteBuffer.allocate(FRAME_HEADER);
        while (end - pos >= FRAME_HEADER) {
            h.clear();
            if (!readFully(ch, h, pos)) {
                break;
            }
            h.flip();
            int len = h.getInt();
            if (len <= 0 || len > MAX_RECORD_BYTES || pos + FRAME_HEADER + len > end) {
                break;
            }
            pos += FRAME_HEADER + len;
            n++;
        }
        return n;
    }

    private void delete(Segment s) throws IOException {
        if (readChannelOf == s) {
            closeReadChannel();
        }
        segments.remove(s);
        totalBytes -= s.size;
        try {
            Files.deleteIfExists(s.file);
        } catch (NoSuchFileException ignored) {
            // Gone already.
        }
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
            sealTail();
        } catch (IOException e) {
            failure = e;
        }
        closeReadChannel();
        try {
            if (lock != null && lock.isValid()) {
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

    private static final class Segment {
        final long id;
        final Path file;
        /** Bytes in the file (for the segment being written: bytes written). */
        long size;
        /** Where the valid records end, when damage was found; else -1. */
        long validEnd = -1;

        boolean checked;
        boolean reported;

        Segment(long id, Path file, long size) {
            this.id = id;
            this.file = file;
            this.size = size;
        }

        long end() {
            return validEnd >= 0 ? Math.min(validEnd, size) : size;
        }
    }
}
