package dev.calllog.core.internal.shipping;

import dev.calllog.core.internal.json.ByteBuf;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Gzips request bodies with one reused {@link Deflater}, writing the gzip header and trailer (RFC 1952) by hand so that
 * no stream objects are created per request. Used from the shipping thread only; {@link #close()} frees the native
 * memory.
 */
final class GzipCompressor implements AutoCloseable {
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    // Fastest level: on a busy application host, CPU matters more than the last few percent of size.
    private final Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    private final CRC32 crc = new CRC32();
    private final byte[] chunk = new byte[64 * 1024];

    /** Replaces the content of {@code out} with the gzip of {@code src[off, off+len)}. */
    void compress(byte[] src, int off, int len, ByteBuf out) {
        out.reset();
        out.write(HEADER);
        deflater.reset();
        deflater.setInput(src, off, len);
        deflater.finish();
        while (!deflater.finished()) {
            int n = deflater.deflate(chunk);
            out.write(chunk, 0, n);
        }
        crc.reset();
        crc.update(src, off, len);
        writeIntLe(out, (int) crc.getValue());
        writeIntLe(out, len);
    }

    private static void writeIntLe(ByteBuf out, int v) {
        out.write(v & 0xff);
        out.write((v >>> 8) & 0xff);
        out.write((v >>> 16) & 0xff);
        out.write((v >>> 24) & 0xff);
    }

    @Override
    public void close() {
        deflater.end();
    }
}
