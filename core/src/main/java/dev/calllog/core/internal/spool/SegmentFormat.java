package dev.calllog.core.internal.spool;

import dev.calllog.core.internal.json.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/** The bytes of a segment: its magic, and the frame around each record (see {@link Spool}). */
final class SegmentFormat {
    /** The first 8 bytes of every segment: a name and a format version. */
    static final byte[] MAGIC = {'C', 'L', 'S', 'P', 'O', 'O', 'L', '1'};
    /** Bytes of a frame before its payload: length and checksum. */
    static final int FRAME_HEADER = 8;
    /** Largest payload accepted when reading; a larger length field is damage. */
    static final int MAX_RECORD_BYTES = 64 * 1024 * 1024;

    private SegmentFormat() {}

    /** Appends the frame of {@code a[off, off + len)} to {@code out}: length, CRC-32C, payload. */
    static void writeFrame(ByteBuf out, CRC32C crc, byte[] a, int off, int len) {
        crc.reset();
        crc.update(a, off, len);
        int v = (int) crc.getValue();
        out.write(len >>> 24).write(len >>> 16).write(len >>> 8).write(len);
        out.write(v >>> 24).write(v >>> 16).write(v >>> 8).write(v);
        out.write(a, off, len);
    }

    /** Whether a frame's length field can be one of a record ending at or before {@code end}, the frame at {@code pos}. */
    static boolean plausibleLength(int len, long pos, long end) {
        return len > 0 && len <= MAX_RECORD_BYTES && pos + FRAME_HEADER + len <= end;
    }

    /** Writes the magic at the start of a new segment. */
    static void writeMagic(FileChannel ch) throws IOException {
        ByteBuffer m = ByteBuffer.wrap(MAGIC);
        while (m.hasRemaining()) {
            ch.write(m, MAGIC.length - m.remaining());
        }
    }

    /** Whether the file starts with the magic. */
    static boolean hasMagic(FileChannel ch) throws IOException {
        ByteBuffer m = ByteBuffer.allocate(MAGIC.length);
        return readFully(ch, m, 0) && java.util.Arrays.equals(m.array(), MAGIC);
    }

    /** Fills {@code b} from {@code pos}; false when the file ends first. */
    static boolean readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int r = ch.read(b, pos);
            if (r < 0) {
                return false;
            }
            pos += r;
        }
        return true;
    }
}
