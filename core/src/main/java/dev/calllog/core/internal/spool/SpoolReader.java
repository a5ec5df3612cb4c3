package dev.calllog.core.internal.spool;

import dev.calllog.core.internal.json.ByteBuf;
import dev.calllog.core.internal.status.StatusSink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * The reading end of a spool: a position that walks the records oldest first, checking each frame, commits what was
 * read (deleting the segments it finished) or goes back to the last commit, and drops the oldest segment to make room.
 * Damage ends a segment where it is found; it is reported once per segment and counted.
 */
final class SpoolReader {
    private final SegmentList segments;
    private final SpoolWriter writer;
    private final StatusSink status;

    /** The position: in segments.get(readIndex); the committed one is in segments.get(0); -1 is a segment's start. */
    private int readIndex;

    private long readPos = -1;
    private long committedPos = -1;

    private FileChannel channel;
    private Segment channelOf;
    private final CRC32C crc = new CRC32C();
    private final ByteBuffer header = ByteBuffer.allocate(SegmentFormat.FRAME_HEADER);
    private byte[] payload = new byte[16 * 1024];

    private long damagedSegments;
    private long skippedBytes;

    SpoolReader(SegmentList segments, SpoolWriter writer, StatusSink status) {
        this.segments = segments;
        this.writer = writer;
        this.status = status;
    }

    long damagedSegments() {
        return damagedSegments;
    }

    long skippedBytes() {
        return skippedBytes;
    }

    /** Whether records remain after the position. */
    boolean hasMore() {
        for (int i = readIndex; i < segments.size(); i++) {
            Segment s = segments.get(i);
            long start = i == readIndex && readPos >= 0 ? readPos : SegmentFormat.MAGIC.length;
            if (start < s.end()) {
                return true;
            }
        }
        return false;
    }

    /** See {@link Spool#read}. */
    int read(ByteBuf out, int maxRecords, long maxBytes, Spool.RecordSink sink) throws IOException {
        writer.flush();
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
            if (end - readPos < SegmentFormat.FRAME_HEADER || !SegmentFormat.readFully(ch, header, readPos)) {
                damaged(s, readPos, "an incomplete record header");
                continue;
            }
            header.flip();
            int len = header.getInt();
            int expectedCrc = header.getInt();
            if (!SegmentFormat.plausibleLength(len, readPos, end)) {
                damaged(
                        s,
                        readPos,
                        len <= 0 || len > SegmentFormat.MAX_RECORD_BYTES
                                ? "an impossible record length"
                                : "a torn record");
                continue;
            }
            if (n > 0 && bytes + len > maxBytes) {
                break;
            }
            if (payload.length < len) {
                payload = new byte[Math.max(len, payload.length * 2)];
            }
            ByteBuffer p = ByteBuffer.wrap(payload, 0, len);
            if (!SegmentFormat.readFully(ch, p, readPos + SegmentFormat.FRAME_HEADER)) {
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
            readPos += SegmentFormat.FRAME_HEADER + len;
            bytes += len;
            n++;
        }
        return n;
    }

    /** See {@link Spool#commit()}. */
    void commit() throws IOException {
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
        boolean writing = writer.isWriting() && segments.size() == 1;
        if (readPos >= 0 && readPos >= s.end() && (!writing || readPos >= s.size)) {
            if (writing) {
                writer.closeCaughtUp();
            }
            delete(s);
            readPos = -1;
        }
        committedPos = readPos;
    }

    /** See {@link Spool#rewind()}. */
    void rewind() {
        readIndex = 0;
        readPos = committedPos;
    }

    /** See {@link Spool#dropOldest()}. */
    long dropOldest() throws IOException {
        writer.flush();
        if (segments.isEmpty()) {
            return -1;
        }
        rewind();
        Segment s = segments.get(0);
        long n = countRecords(s, committedPos);
        if (writer.isWriting() && segments.size() == 1) {
            writer.closeCaughtUp();
        }
        delete(s);
        readIndex = 0;
        readPos = -1;
        committedPos = -1;
        return n;
    }

    /** Closes the segment being read, if any. */
    void close() {
        FileChannel ch = channel;
        channel = null;
        channelOf = null;
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // Read-only: nothing is lost.
            }
        }
    }

    /** Where reading a segment starts: after its magic, or at its end when the magic is wrong. */
    private long startOf(Segment s) throws IOException {
        if (s.checked) {
            return SegmentFormat.MAGIC.length;
        }
        s.checked = true;
        if (s.size == 0) {
            // Created by a process that died before writing anything: nothing was in it.
            s.validEnd = 0;
            return 0;
        }
        if (s.size < SegmentFormat.MAGIC.length) {
            damaged(s, 0, "a file shorter than the segment header");
            return s.end();
        }
        if (!SegmentFormat.hasMagic(channelFor(s))) {
            damaged(s, 0, "a file that is not a spool segment of this version");
            return s.end();
        }
        return SegmentFormat.MAGIC.length;
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

    /** Counts the valid records of {@code s} from {@code from} (or its start when -1), without checking checksums. */
    private long countRecords(Segment s, long from) throws IOException {
        long pos = from >= 0 ? from : startOf(s);
        long end = s.end();
        long n = 0;
        FileChannel ch = channelFor(s);
        ByteBuffer h = ByteBuffer.allocate(SegmentFormat.FRAME_HEADER);
        while (end - pos >= SegmentFormat.FRAME_HEADER) {
            h.clear();
            if (!SegmentFormat.readFully(ch, h, pos)) {
                break;
            }
            h.flip();
            int len = h.getInt();
            if (!SegmentFormat.plausibleLength(len, pos, end)) {
                break;
            }
            pos += SegmentFormat.FRAME_HEADER + len;
            n++;
        }
        return n;
    }

    private FileChannel channelFor(Segment s) throws IOException {
        if (channelOf != s) {
            close();
            channel = PrivateFiles.openForReading(s.file);
            channelOf = s;
        }
        return channel;
    }

    private void delete(Segment s) throws IOException {
        if (channelOf == s) {
            close();
        }
        segments.delete(s);
    }
}
